"""Seed the catalogue with the EiE activities and the GIFMM education indicators."""

from django.db import migrations

SEED_FROM = "2020-09"  # GIFMM catalogue date of the education indicators


def seed(apps, schema_editor):
    from trayecto.domain.catalogue import EIE_ACTIVITIES, GIFMM_EDUCATION_INDICATORS, Unit

    item = apps.get_model("response", "CatalogueItem")
    for activity in EIE_ACTIVITIES:
        item.objects.get_or_create(
            code=activity.code,
            valid_from=SEED_FROM,
            defaults={
                "name_es": activity.name_es,
                "name_en": activity.name_en,
                "unit": activity.unit.value,
                "gifmm_indicator": activity.gifmm_indicator,
            },
        )
    for indicator in GIFMM_EDUCATION_INDICATORS:
        item.objects.get_or_create(
            code=f"GIFMM-{indicator.id}",
            valid_from=SEED_FROM,
            defaults={
                "name_es": indicator.name,
                "unit": Unit.SCHOOLS.value if indicator.id in (21, 25) else Unit.PEOPLE.value,
                "gifmm_indicator": indicator.id,
                "valid_until": indicator.disabled_from[:7],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("response", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
