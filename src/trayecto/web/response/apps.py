from django.apps import AppConfig


class ResponseConfig(AppConfig):
    name = "trayecto.web.response"
    label = "response"
