from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResponseConfig(AppConfig):
    name = "trayecto.web.response"
    label = "response"
    verbose_name = _("Respuesta de los socios (5W)")

    def ready(self) -> None:
        # The source that writes the operational database is listed in the importers'
        # registry without a loader: the web app gives it its own, so the core never names
        # Django code (tests/test_import_direction.py).
        from trayecto.importers import registry
        from trayecto.web.response import loader

        registry.register_loader("5w", loader.load_five_w)
        registry.register_loader("activityinfo", loader.load_activityinfo)
