from django.apps import AppConfig


class EmergenciesConfig(AppConfig):
    name = "trayecto.web.emergencies"
    label = "emergencies"
