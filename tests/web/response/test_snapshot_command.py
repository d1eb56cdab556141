"""`trayecto snapshot` rebuilds the published 5W lines from the database (recovery after a
lost warehouse), in the partitioned layout the approvals then update."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.web.factories import LineFactory, SubmissionFactory
from trayecto.analytics.reach import TABLE
from trayecto.cli.main import app
from trayecto.domain.five_w import Status
from trayecto.warehouse import Warehouse
from trayecto.web.commands import five_w
from trayecto.web.response.selectors.snapshot import EMPTY_PARTITION, partition_key

pytestmark = pytest.mark.django_db


def test_snapshot_rebuilds_a_lost_warehouse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRAYECTO_HOME", str(tmp_path))
    monkeypatch.setattr(five_w, "ready", lambda: None)  # the test database is ready
    published = SubmissionFactory(status=Status.PUBLISHED)
    LineFactory(submission=published, new_beneficiaries=12)
    LineFactory(submission=published, municipality="81065", new_beneficiaries=3)
    SubmissionFactory(organization__code="savethechildren", status=Status.SUBMITTED)
    warehouse = Warehouse(tmp_path / "warehouse")
    for expected_version in (1, 2):
        result = CliRunner().invoke(app, ["snapshot", "--json"])
        assert result.exit_code == 0, result.output
        summary = json.loads(result.stdout)
        assert summary == {
            "manifest_version": expected_version, "rows": 2, "reports": 1, "months": 1
        }  # fmt: skip
    assert set(warehouse.entry(TABLE).partitions) == {EMPTY_PARTITION, partition_key("2026-03")}
    shutil.rmtree(warehouse.root)
    result = CliRunner().invoke(app, ["snapshot"])
    assert "five_w_line v1: 2 rows, 1 reports in 1 months" in result.stdout
    assert warehouse.connect().sql(f"select sum(new) from {TABLE}").fetchall() == [(15,)]  # noqa: S608
