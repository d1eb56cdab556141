"""`trayecto import damage-assessment FILE --event ID`: a KoboToolbox CSV export (`;`, XML
names) of the damage assessment, written here from rows of the real Chocó list."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.test_cli_events import as_json, home, invoke, source_rows
from trayecto.domain.damage_assessment import QUESTIONS

pytestmark = pytest.mark.django_db
__all__ = ["home"]  # the fixture, shared with the events CLI tests


def write_export(path: Path, event_id: str, rows: list[dict[str, str]]) -> Path:
    header = [q.name for q in QUESTIONS] + ["_uuid", "_submission_time"]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, header, delimiter=";")
        writer.writeheader()
        for n, sede in enumerate(rows):
            writer.writerow({
                "evento": event_id, "fecha_evaluacion": "2026-08-15", "departamento": "27",
                "municipio": sede["Municipio"], "codigo_dane": sede["Código DANE"],
                "sede": sede["Sede"], "dano": "destroyed" if n == 0 else "none",
                "albergue": "si", "dias_de_clase_perdidos": "10", "_uuid": f"u{n}",
                "_submission_time": f"2026-08-15T10:{n:02d}:00",
            })  # fmt: skip
    return path


def test_the_export_goes_into_the_event_and_again_replaces_it(
    home: Path, shared_data: Path, tmp_path: Path
) -> None:
    added = as_json(
        home, "event", "add", "--type", "earthquake", "--date", "2026-08-09",
        "--department", "27", "--title", "Sismo Chocó",
    )  # fmt: skip
    event_id = str(added["id"])
    export = write_export(tmp_path / "kobo.csv", event_id, source_rows(shared_data)[:5])
    dry = as_json(home, "import", "damage-assessment", str(export), "--event", event_id,
                  "--dry-run")  # fmt: skip
    assert (dry["rows_read"], dry["rows_imported"], dry["rows_rejected"]) == (5, 5, 0)
    assert as_json(home, "event", "show", event_id)["sedes_affected"] == 0
    report = as_json(home, "import", "damage-assessment", str(export), "--event", event_id)
    assert (report["rows_imported"], report["problems"]) == (5, [])
    shown = as_json(home, "event", "show", event_id)
    assert shown["sedes_affected"] == 5
    assert shown["sedes_by_damage"] == {"none": 4, "partial": 0, "destroyed": 1}
    assert (shown["hpc"]["schools_used_as_shelter"], shown["days_lost"]) == (5, 50)
    as_json(home, "import", "damage-assessment", str(export), "--event", event_id)
    assert as_json(home, "event", "show", event_id)["sedes_affected"] == 5


def test_usage_and_refusal_exit_codes(home: Path, shared_data: Path, tmp_path: Path) -> None:
    export = write_export(tmp_path / "kobo.csv", "999", source_rows(shared_data)[:1])
    assert invoke(home, "import", "damage-assessment", str(export))[0] == 2  # no --event
    added = as_json(
        home, "event", "add", "--type", "flood", "--date", "2026-10-01",
        "--department", "81", "--title", "Inundación Arauca",
    )  # fmt: skip
    code, output = invoke(home, "import", "damage-assessment", str(export), "--event",
                          str(added["id"]))  # fmt: skip
    assert code == 1  # a submission of event 999's form: nothing usable
    assert "a submission of the form of event 999, not of event" in output
