from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmergenciesConfig(AppConfig):
    name = "trayecto.web.emergencies"
    label = "emergencies"
    verbose_name = _("Emergencias")

    def ready(self) -> None:
        # The bulletin's emergencies section, replacing coordination's "no data yet".
        from trayecto.web.coordination.bulletin_sections import Section, register_section
        from trayecto.web.emergencies import bulletin

        register_section(
            Section("emergencies", _("Emergencias y brechas de respuesta"), 50,
                    bulletin.TEMPLATE, bulletin.collect, bulletin.build)
        )  # fmt: skip
