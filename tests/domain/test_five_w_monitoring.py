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
