"""The sede ranking of the supply page as CSV: one row per sede, in rank order, with the
figures behind the rank. Plain numbers (no thousands separator), for any spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from trayecto.reports.spreadsheet_cells import neutralise

HEADERS = (
    "puesto", "codigo_sede", "sede", "codigo_municipio", "municipio", "zona", "sector",
    "matricula", "matricula_venezolana", "cupos", "cupos_que_faltan", "cupos_libres",
    "grados_con_faltante", "sintetico",
)  # fmt: skip


def sede_ranking_csv(rows: Iterable[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADERS)
    for r in rows:
        writer.writerow(
            [r["rank"], r["sede_code"], neutralise(r["sede_name"] or ""), r["municipality_code"],
             neutralise(r["municipality_name"]), r["zone"] or "", r["sector"] or "",
             r["enrolled"], r["venezuelan"], r["places"], r["short"], r["spare"],
             " ".join(str(g) for g in r["short_grades"]), "sí" if r["is_synthetic"] else "no"]
        )  # fmt: skip
    return buffer.getvalue()
