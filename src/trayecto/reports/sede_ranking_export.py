"""The sede ranking of the supply page as a download: one row per sede, in rank order, with
the figures behind the rank. XLSX first; a CSV for Excel set to Spanish (`;` between cells,
UTF-8 with BOM, so it opens in columns); and the plain CSV (`,`, plain numbers, no thousands
separator) for any other program. Every figure is a whole number, so no decimal separator
differs between the two CSVs."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from trayecto.reports.spreadsheet_cells import neutralise
from trayecto.reports.table_export import write_table_xlsx

HEADERS = (
    "puesto", "codigo_sede", "sede", "codigo_municipio", "municipio", "zona", "sector",
    "matricula", "matricula_venezolana", "cupos", "cupos_que_faltan", "cupos_libres",
    "grados_con_faltante", "sintetico",
)  # fmt: skip


def _cells(r: dict[str, Any]) -> list[Any]:
    grades = " ".join(str(g) for g in r["short_grades"])
    return [r["rank"], r["sede_code"], neutralise(r["sede_name"] or ""), r["municipality_code"],
            neutralise(r["municipality_name"]), r["zone"] or "", r["sector"] or "",
            r["enrolled"], r["venezuelan"], r["places"], r["short"], r["spare"],
            grades, "sí" if r["is_synthetic"] else "no"]  # fmt: skip


def sede_ranking_csv(rows: Iterable[dict[str, Any]], *, for_spanish_excel: bool = False) -> str:
    buffer = io.StringIO()
    if for_spanish_excel:
        buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";" if for_spanish_excel else ",", lineterminator="\n")
    writer.writerow(HEADERS)
    writer.writerows(_cells(r) for r in rows)
    return buffer.getvalue()


def sede_ranking_xlsx(rows: Iterable[dict[str, Any]], *, title: str) -> bytes:
    out = io.BytesIO()
    write_table_xlsx(out, sheet="sedes", title=title, headers=HEADERS,
                     rows=(_cells(r) for r in rows))  # fmt: skip
    return out.getvalue()
