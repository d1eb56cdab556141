"""Insert many rows of one model fast: one parameterised INSERT run with executemany.

`bulk_create` prepares every value of every row in Python and, on SQLite, splits the rows
into statements of 999 parameters; for a 50,000-line 5W workbook that was two thirds of the
import time (benchmarks/five_w_import.py), and most of a 6,000-sede list's
(benchmarks/affected_schools.py). Table and column names come from the model's metadata
(quoted by the backend); every value goes in as a parameter; JSON fields are prepared by
their own field so each backend gets the type it expects. Used by the 5W loader
(response) and the lists of affected sedes (emergencies).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection
from django.db.models import JSONField, Model


def bulk_insert(model: type[Model], rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert `model` rows given as {attname: value} (a missing one takes the field's
    default); call inside a transaction. Returns how many rows went in."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608 (names from model metadata; values are parameters)
    json_fields = [f for f in fields if isinstance(f, JSONField)]
    params = []
    for row in rows:
        values = {f.attname: row.get(f.attname, f.get_default()) for f in fields}
        for field in json_fields:
            values[field.attname] = field.get_db_prep_save(values[field.attname], connection)
        params.append([values[f.attname] for f in fields])
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    return len(params)
