from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "trayecto.web.api"
    label = "api"
    verbose_name = "API"
