from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    name = "trayecto.web.coordination"
    label = "coordination"
