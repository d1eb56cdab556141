"""The 5W snapshot is updated report by report (web/response/services/snapshot.py): after any
sequence of approvals, publications, reopenings, rejections and validations, `five_w_line`
holds what a full rebuild from the database holds, and a state change rewrites only its
month's file."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from tests.web.factories import LineFactory, SubmissionFactory
from trayecto.analytics.reach import TABLE
from trayecto.domain.five_w import Status
from trayecto.warehouse import Warehouse
from trayecto.warehouse.five_w_lines import LINE_SCHEMA
from trayecto.web.response.models import Submission
from trayecto.web.response.selectors.snapshot import EMPTY_PARTITION, lines_table, partition_key
from trayecto.web.response.services import snapshot, workflow

pytestmark = pytest.mark.django_db
MUNICIPALITIES = ["81001", "81065", "81794", "54001", "05001"]


def rows(warehouse: Warehouse) -> list[tuple[Any, ...]]:
    return warehouse.connect().sql(f"select * from {TABLE} order by all").fetchall()  # noqa: S608


def full_rebuild(tmp_path: Path) -> list[tuple[Any, ...]]:
    full = Warehouse(tmp_path / f"full-{random.random()}")
    snapshot.snapshot_publish(warehouse=full)
    return rows(full)


def reports(rng: random.Random, count: int) -> list[Submission]:
    """`count` reports of different organisations in two months, 1 to 3 lines each (0 to 3
    for the last: a counted report may have no line), cells by sex."""
    made = []
    for i in range(count):
        submission = SubmissionFactory(
            organization__code=f"org{i}",
            period__month="2026-03" if i % 2 else "2026-04",
            status=Status.SUBMITTED,
        )
        for _ in range(rng.randint(0 if i == count - 1 else 1, 3)):
            girls, boys = rng.randint(0, 40), rng.randint(1, 40)
            LineFactory(
                submission=submission,
                municipality=rng.choice(MUNICIPALITIES),
                new_beneficiaries=girls + boys,
                cells={"f:6-11": girls, "m:12-17": boys},
            )
        made.append(submission)
    return made


def act(action: str, submission: Submission, wh: Warehouse) -> None:
    """One workflow step by the system (user None); a step the state forbids is refused."""
    kwargs: dict[str, Any] = {"submission": submission, "user": None, "warehouse": wh}
    match action:
        case "submit":
            workflow.submission_submit(**kwargs)
        case "validate":
            workflow.submission_validate(**kwargs)
        case "approve":
            workflow.submission_approve(**kwargs)
        case "publish":
            workflow.submission_publish(**kwargs)
        case "reject":
            workflow.submission_reject(**kwargs, comment="revise las cifras")
        case "reopen":
            workflow.submission_reopen(**kwargs, reason="corrección")
        case "bulk_approve":
            workflow.submissions_bulk_approve(submissions=[submission], user=None, warehouse=wh)
        case "bulk_publish":
            workflow.submissions_bulk_publish(submissions=[submission], user=None, warehouse=wh)


# The steps a state allows; one in five steps is drawn from all, so refusals are tried too.
ALLOWED = {
    "draft": ["submit"], "rejected": ["submit"], "submitted": ["validate", "reject"],
    "validated": ["approve", "bulk_approve", "reject"],
    "approved": ["publish", "bulk_publish", "reopen"], "published": ["reopen"],
}  # fmt: skip
ACTIONS = sorted({action for steps in ALLOWED.values() for action in steps})


@pytest.mark.parametrize(
    ("seed", "counted"),
    [(1, None), (2, None), (3, None), (4, ("validated", "approved", "published"))],
)
def test_random_transitions_leave_what_a_full_rebuild_writes(
    seed: int, counted: tuple[str, ...] | None, wh: Warehouse, tmp_path: Path
) -> None:
    rng = random.Random(seed)
    with override_settings(TRAYECTO_COUNTED_STATUSES=counted):
        submissions = reports(rng, 4)
        snapshot.snapshot_publish(warehouse=wh)
        moved, most = 0, 0
        for _step in range(60):
            submission = Submission.objects.get(pk=rng.choice(submissions).pk)
            try:
                steps = ACTIONS if rng.random() < 0.2 else ALLOWED[submission.status]
                act(rng.choice(steps), submission, wh)
            except ValidationError:
                continue  # the state forbids this step: nothing changed
            moved += 1
            published = rows(wh)
            assert published == full_rebuild(tmp_path)
            most = max(most, len({row[0] for row in published}))
    assert moved >= 10, "too few steps were allowed to test anything"
    assert most >= 2, "the sequence never counted two reports at once"


def submissions_in(wh: Warehouse, month: str) -> set[tuple[int, str]]:
    """(report, status) in the file of one month."""
    table = pq.read_table(wh.root / wh.entry(TABLE).partitions[partition_key(month)].file)
    return set(zip(*table.select(["submission_id", "status"]).to_pydict().values(), strict=True))


def test_a_state_change_rewrites_only_its_month(wh: Warehouse) -> None:
    april, march = reports(random.Random(5), 2)  # one report in each month
    march_too = SubmissionFactory(organization__code="savethechildren", status=Status.SUBMITTED)
    for submission in (april, march, march_too):
        LineFactory(submission=submission, municipality="81065")
        workflow.submission_validate(submission=submission, user=None)
    workflow.submission_approve(submission=april, user=None, warehouse=wh)
    assert set(wh.entry(TABLE).partitions) == {EMPTY_PARTITION, partition_key("2026-04")}
    april_file = wh.entry(TABLE).partitions[partition_key("2026-04")]
    workflow.submissions_bulk_approve(submissions=[march, march_too], user=None, warehouse=wh)
    assert wh.entry(TABLE).partitions[partition_key("2026-04")] == april_file  # untouched
    assert submissions_in(wh, "2026-03") == {(march.pk, "approved"), (march_too.pk, "approved")}
    # publishing rewrites the report's rows (the status is a column), its month only
    march_file = wh.entry(TABLE).partitions[partition_key("2026-03")]
    workflow.submission_publish(submission=april, user=None, warehouse=wh)
    assert wh.entry(TABLE).partitions[partition_key("2026-03")] == march_file
    assert submissions_in(wh, "2026-04") == {(april.pk, "published")}
    workflow.submission_reopen(submission=march, user=None, reason="error", warehouse=wh)
    assert submissions_in(wh, "2026-03") == {(march_too.pk, "approved")}
    assert wh.entry(TABLE).partitions[partition_key("2026-04")].file != april_file.file


def test_reopening_the_last_report_leaves_an_empty_table(
    submission: Submission, wh: Warehouse
) -> None:
    workflow.submission_validate(submission=submission, user=None)
    workflow.submission_approve(submission=submission, user=None, warehouse=wh)
    assert wh.read(TABLE).num_rows == 2
    workflow.submission_reopen(submission=submission, user=None, reason="error", warehouse=wh)
    assert set(wh.entry(TABLE).partitions) == {EMPTY_PARTITION}
    assert wh.read(TABLE).schema.equals(LINE_SCHEMA)
    assert rows(wh) == []


def test_a_snapshot_written_as_one_file_is_split_on_the_next_change(
    submission: Submission, wh: Warehouse, tmp_path: Path
) -> None:
    earlier = SubmissionFactory(organization__code="savethechildren", status=Status.APPROVED)
    LineFactory(submission=earlier, municipality="81065", new_beneficiaries=7)
    wh.publish(TABLE, lines_table(["approved", "published"]), {"source": "5w"})  # before
    assert not wh.entry(TABLE).partitions
    workflow.submission_validate(submission=submission, user=None)
    workflow.submission_approve(submission=submission, user=None, warehouse=wh)
    entry = wh.entry(TABLE)
    assert set(entry.partitions) == {EMPTY_PARTITION, partition_key("2026-03")}
    assert entry.rows == 3
    assert rows(wh) == full_rebuild(tmp_path)


def test_other_counted_states_rebuild_the_whole_snapshot(
    submission: Submission, wh: Warehouse, tmp_path: Path
) -> None:
    """A configuration that starts counting validated reports adds those already validated
    at the next change, not only the report that moved."""
    workflow.submission_validate(submission=submission, user=None)
    snapshot.snapshot_publish(warehouse=wh)
    assert rows(wh) == []
    other = SubmissionFactory(organization__code="savethechildren", status=Status.SUBMITTED)
    LineFactory(submission=other, municipality="81794")
    with override_settings(TRAYECTO_COUNTED_STATUSES=("validated", "approved", "published")):
        workflow.submission_validate(submission=other, user=None, warehouse=wh)
        assert {r[0] for r in rows(wh)} == {submission.pk, other.pk}
        assert rows(wh) == full_rebuild(tmp_path)
        assert wh.entry(TABLE).meta["statuses"] == ["validated", "approved", "published"]
