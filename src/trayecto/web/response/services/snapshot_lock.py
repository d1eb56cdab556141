"""One update of the published 5W snapshot at a time, reading what others committed.

Two approvals at the same moment each update `five_w_line` inside their own transaction
(snapshot.py). A month update reads the other reports' rows back from the month's file under
the warehouse's publish lock, so it keeps them; but a rebuild (the first change after an
upgrade, or other counted states) reads every line from the database: if it reads before the
other approval commits and its manifest is written last, that report vanishes from the
published figures. So every update takes
a lock held until its transaction ends: on PostgreSQL a transaction-level advisory lock; the
second rebuild waits for the first to commit, and its query (READ COMMITTED: a fresh view
for every statement) then sees both approvals. On SQLite, transactions start IMMEDIATE
(config/settings.py), so the database's own write lock already runs them one after another.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from django.db import connection, transaction

# pg_advisory_xact_lock takes one bigint: "5wsnap" in ASCII, unique to this lock.
SNAPSHOT_LOCK_KEY = int.from_bytes(b"5wsnap", "big")
P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def snapshot_lock() -> Iterator[None]:
    """Inside it, no other snapshot rebuild runs; the lock is released when the outermost
    transaction commits or rolls back (not when this block ends)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("select pg_advisory_xact_lock(%s)", [SNAPSHOT_LOCK_KEY])
        yield


def one_rebuild_at_a_time(rebuild: Callable[P, R]) -> Callable[P, R]:
    """`rebuild` runs inside snapshot_lock()."""

    @functools.wraps(rebuild)
    def locked(*args: P.args, **kwargs: P.kwargs) -> R:
        with snapshot_lock():
            return rebuild(*args, **kwargs)

    return locked
