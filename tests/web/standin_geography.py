"""Stand-in for the geography importers until they are merged: the same six tables, same
columns, built straight from the real files of the mirror. Remove once `divipola`, `pcodes`,
`mgn2018` and `etc` are registered loaders (conftest uses those when they are)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pyarrow as pa

from trayecto.warehouse import Warehouse


def publish(shared_data: Path, warehouse: Warehouse) -> None:
    divipola = shared_data / "divipola/DIVIPOLA-_C_digos_municipios_geolocalizados_20250217.csv"
    departments: dict[str, str] = {}
    municipalities: list[dict[str, Any]] = []
    with open(divipola, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            dc, mc = row["COD_DPTO"].zfill(2), row["COD_MPIO"].zfill(5)
            departments[dc] = row["NOM_DPTO"].title()
            municipalities.append(
                {
                    "code": mc,
                    "name": row["NOM_MPIO"].title(),
                    "department_code": dc,
                    "department_name": departments[dc],
                    "type": row["TIPO"],
                    "latitude": float(row["LATITUD"]),
                    "longitude": float(row["LONGITUD"]),
                    "pcode": "CO" + mc,
                    "status": "active",
                    "parent_code": None,
                    "note": None,
                }
            )
    municipalities.append(
        {
            "code": "27493",
            "name": "Nuevo Belén de Bajirá",
            "department_code": "27",
            "department_name": "Chocó",
            "type": "Municipio",
            "latitude": None,
            "longitude": None,
            "pcode": None,
            "status": "new",
            "parent_code": "27615",
            "note": "Creado después de DIVIPOLA 2025 y MGN 2018.",
        }
    )
    mgn = shared_data / "mgn2018_boundaries"
    mpio = json.loads((mgn / "co_2018_MGN_MPIO_POLITICO.geojson").read_text(encoding="utf-8"))
    dpto = json.loads((mgn / "co_2018_MGN_DPTO_POLITICO.geojson").read_text(encoding="utf-8"))
    men = shared_data / (
        "men_estadisticas_municipio/"
        "MEN_ESTADISTICAS_EN_EDUCACION_EN_PREESCOLAR__B_SICA_Y_MEDIA_POR_MUNICIPIO.csv"
    )
    links: dict[tuple[int, str], dict[str, Any]] = {}
    etcs: dict[str, dict[str, Any]] = {}
    with open(men, encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            year, mc = int(row["AÑO"].replace(",", "")), row["CÓDIGO_MUNICIPIO"].zfill(5)
            if mc == "00000":
                continue
            code = row["CÓDIGO_ETC"].replace(",", "")
            links[(year, mc)] = {
                "year": year,
                "municipality_code": mc,
                "etc_code": code,
                "etc_name": row["ETC"],
            }
            etc = etcs.setdefault(
                code,
                {
                    "code": code,
                    "name": row["ETC"],
                    "department_code": row["CÓDIGO_DEPARTAMENTO"].zfill(2),
                    "kind": "department" if "(ETC)" in row["ETC"] else "municipality",
                    "first_year": year,
                    "last_year": year,
                },
            )
            etc["first_year"], etc["last_year"] = (
                min(etc["first_year"], year),
                max(etc["last_year"], year),
            )
    warehouse.publish_many(
        {
            "department": pa.Table.from_pylist(
                [{"code": c, "name": n, "pcode": "CO" + c} for c, n in sorted(departments.items())]
            ),
            "municipality": pa.Table.from_pylist(municipalities),
            "municipality_boundary": pa.Table.from_pylist(
                [
                    {
                        "code": f["properties"]["MPIO_CCNCT"],
                        "department_code": f["properties"]["DPTO_CCDGO"],
                        "name": f["properties"]["MPIO_CNMBR"],
                        "area_km2": float(f["properties"]["MPIO_NAREA"]),
                        "geometry": json.dumps(f["geometry"]),
                    }
                    for f in mpio["features"]
                ]
            ),
            "department_boundary": pa.Table.from_pylist(
                [
                    {
                        "code": f["properties"]["DPTO_CCDGO"],
                        "name": f["properties"]["DPTO_CNMBR"],
                        "geometry": json.dumps(f["geometry"]),
                    }
                    for f in dpto["features"]
                ]
            ),
            "etc": pa.Table.from_pylist(list(etcs.values())),
            "municipality_etc": pa.Table.from_pylist([links[k] for k in sorted(links)]),
        }
    )
