"""Repeated problems are grouped for people and kept one by one for machines."""

from __future__ import annotations

from trayecto.domain.problems import ImportReport, Problem, group_problems


def test_the_same_message_on_the_same_column_is_one_group_in_the_order_found() -> None:
    problems = [
        Problem(2, "edad", "x", "not a whole number"),
        Problem(3, "sexo", "Q", "sex must be F or M"),
        Problem(4, "edad", "y", "not a whole number"),
        Problem(5, "edad", "z", "not a whole number", "warning"),  # another severity
        Problem(6, "grado", "x", "not a whole number"),  # another column
    ]
    groups = group_problems(problems)
    assert [(g.column, g.severity, g.count) for g in groups] == [
        ("edad", "error", 2), ("sexo", "error", 1), ("edad", "warning", 1), ("grado", "error", 1)
    ]  # fmt: skip
    assert [p.row for p in groups[0].problems] == [2, 4]
    assert sum(g.count for g in groups) == len(problems)  # nothing lost in grouping


def test_a_group_shows_its_first_rows_and_the_report_keeps_every_row() -> None:
    report = ImportReport(source="x")
    report.add(Problem(row, "edad", str(row), "not a whole number") for row in range(2, 30))
    [group] = report.grouped_problems()
    assert [p.row for p in group.first(10)] == list(range(2, 12))
    assert len(report.as_dict()["problems"]) == 28
