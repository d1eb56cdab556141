"""Two approvals at the same moment on PostgreSQL: both reports reach the published figures.

Each approval updates the snapshot inside its own transaction. The test makes the two
updates meet (a barrier inside `lines_table`), the moment at which, without the locks, each
one reads before the other has published and the manifest written last drops the other
report. With the snapshot lock the second update waits for the first to commit (the barrier
then times out), and each computes its partitions from the manifest it replaces.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from typing import Any

import pyarrow as pa
import pytest
from django.db import connection

from tests.web.factories import LineFactory, SubmissionFactory
from trayecto.domain.five_w import Status
from trayecto.warehouse import Warehouse
from trayecto.web.response.models import Submission
from trayecto.web.response.services import snapshot, workflow

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
MEETING_SECONDS = 3


def published_submissions(wh: Warehouse) -> set[int]:
    rows = wh.connect().sql("select distinct submission_id from five_w_line").fetchall()
    return {int(r[0]) for r in rows}


def test_two_approvals_at_the_same_moment_both_reach_the_published_figures(
    wh: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: on SQLite write transactions already run one at a time")
    first = SubmissionFactory(organization__code="nrc", status=Status.VALIDATED)
    LineFactory(submission=first)
    second = SubmissionFactory(organization__code="savethechildren", status=Status.VALIDATED)
    LineFactory(submission=second, municipality="81065")
    barrier = threading.Barrier(2)
    build = snapshot.lines_table

    def meet_then_build(statuses: Any, **kwargs: Any) -> pa.Table:
        with suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=MEETING_SECONDS)
        return build(statuses, **kwargs)

    monkeypatch.setattr(snapshot, "lines_table", meet_then_build)

    def approve(pk: int) -> None:
        try:
            workflow.submission_approve(
                submission=Submission.objects.get(pk=pk), user=None, warehouse=wh
            )
        finally:
            connection.close()  # each thread's own connection

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(approve, [first.pk, second.pk]))
    assert set(Submission.objects.values_list("status", flat=True)) == {Status.APPROVED}
    assert published_submissions(wh) == {first.pk, second.pk}
