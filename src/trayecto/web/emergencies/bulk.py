"""Insert a list's affected sedes fast: one parameterised INSERT run with executemany (as
web/response/bulk.py does for 5W lines). `bulk_create` prepared every value in Python and
split the rows into statements; for a 6,000-sede list that was most of the import time
(benchmarks/affected_schools.py). Names come from the model's metadata, values are
parameters, JSON fields are prepared by their own field for each backend."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection
from django.db.models import JSONField

from trayecto.web.emergencies.models import AffectedSede


def insert_sedes(rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert AffectedSede rows given as {attname: value}; call inside a transaction."""
    fields = [f for f in AffectedSede._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(AffectedSede._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608 (names from model metadata; values are parameters)
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
