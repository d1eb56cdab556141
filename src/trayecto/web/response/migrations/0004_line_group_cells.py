"""Activity lines keep their new beneficiaries by population group × sex × age
(`group_cells`), so that reach de-duplicates a line split over several groups group by group
(issue 7). Existing lines are filled from what they already hold: the line's group, its
split by group and its sex × age cells."""

from typing import Any

from django.db import migrations, models

from trayecto.domain.five_w import Sex, new_beneficiary_group_cells


def fill_group_cells(apps: Any, schema_editor: Any) -> None:
    activity_line = apps.get_model("response", "ActivityLine")
    changed = []
    for line in activity_line.objects.only("population_group", "groups", "cells").iterator(
        chunk_size=2000
    ):
        cells = {}
        for key, new in (line.cells or {}).items():
            sex, _, age = key.partition(":")
            cells[(Sex(sex), age)] = new
        split = new_beneficiary_group_cells(line.population_group, line.groups or {}, cells)
        line.group_cells = {f"{g}:{s.value}:{a}": n for (g, s, a), n in split.items()}
        changed.append(line)
        if len(changed) >= 2000:
            activity_line.objects.bulk_update(changed, ["group_cells"])
            changed = []
    activity_line.objects.bulk_update(changed, ["group_cells"])


class Migration(migrations.Migration):
    dependencies = [
        ("response", "0003_planned_activity"),
    ]

    operations = [
        migrations.AddField(
            model_name="activityline",
            name="group_cells",
            field=models.JSONField(
                blank=True, default=dict, help_text='Nuevos por "grupo:sexo:edad"'
            ),
        ),
        migrations.RunPython(fill_group_cells, migrations.RunPython.noop),
    ]
