"""Completeness, timeliness, reminders and progress."""

from __future__ import annotations

from datetime import date

from trayecto.domain.five_w_monitoring import Receipt, Reminder, completeness, progress, reminder

DUE = date(2026, 4, 10)


def test_reminders_soon_today_overdue_and_none_once_submitted() -> None:
    assert reminder(due=DUE, today=date(2026, 4, 1), submitted=False) is None
    assert reminder(due=DUE, today=date(2026, 4, 7), submitted=False) is Reminder.SOON
    assert reminder(due=DUE, today=DUE, submitted=False) is Reminder.TODAY
    assert reminder(due=DUE, today=date(2026, 4, 11), submitted=False) is Reminder.OVERDUE
    assert reminder(due=DUE, today=date(2026, 4, 11), submitted=True) is None


def test_completeness_counts_expected_received_and_on_time() -> None:
    rows = completeness(
        expected=[("nrc", "81", "2026-03"), ("nrc", "54", "2026-03"), ("unicef", "81", "2026-03")],
        receipts=[
            Receipt("nrc", "81", "2026-03", date(2026, 4, 9)),
            Receipt("unicef", "81", "2026-03", date(2026, 4, 15)),  # late
            Receipt("unicef", "81", "2026-03", date(2026, 4, 12)),  # a re-upload, still late
            Receipt("savethechildren", "44", "2026-03", date(2026, 4, 1)),  # not expected
        ],
        due_dates={"2026-03": DUE},
    )
    table = {(r.org, r.department): (r.expected, r.received, r.on_time) for r in rows}
    assert table == {
        ("nrc", "81"): (1, 1, 1),
        ("nrc", "54"): (1, 0, 0),
        ("unicef", "81"): (1, 1, 0),
        ("savethechildren", "44"): (1, 1, 1),
    }


def test_progress_above_target_is_shown_and_flagged_never_capped() -> None:
    over = progress(1300, 1000)
    assert (over.percent, over.above_target) == (130.0, True)
    assert progress(500, 1000).percent == 50.0
    assert progress(10, None).percent is None


def test_the_grid_adds_a_partners_departments_per_month_and_colours_dhis2_style() -> None:
    from trayecto.domain.five_w_monitoring import Band, CompletenessRow, completeness_grid

    rows = [
        CompletenessRow("nrc", "81", "2026-01", 1, 1, 1),
        CompletenessRow("nrc", "54", "2026-01", 1, 0, 0),
        CompletenessRow("nrc", "81", "2026-02", 1, 1, 0),
        CompletenessRow("ong", "81", "2026-02", 1, 0, 0),
    ]
    orgs, months, cells = completeness_grid(rows)
    assert (orgs, months) == (["nrc", "ong"], ["2026-01", "2026-02"])
    january = cells[("nrc", "2026-01")]
    assert (january.expected, january.completeness, january.band) == (2, 50.0, Band.POOR)
    february = cells[("nrc", "2026-02")]
    assert (february.completeness, february.timeliness, february.band) == (100.0, 0.0, Band.GOOD)
    assert cells[("ong", "2026-02")].completeness == 0.0
    assert ("ong", "2026-01") not in cells  # not expected yet: an empty cell, not 0 %


def test_the_month_to_report_is_the_last_finished_one() -> None:
    from trayecto.domain.five_w_monitoring import month_to_report

    assert month_to_report(date(2026, 11, 30)) == "2026-10"
    assert month_to_report(date(2026, 1, 3)) == "2025-12"
