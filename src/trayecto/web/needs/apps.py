from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "trayecto.web.needs"
    label = "needs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The bulletin's needs section, replacing coordination's "no data yet".
        from trayecto.web.coordination.bulletin_sections import Section, register_section
        from trayecto.web.needs import bulletin

        register_section(
            Section("needs", _("Necesidades"), 40, bulletin.TEMPLATE, bulletin.collect,
                    bulletin.build)
        )  # fmt: skip
