from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "trayecto.web.statistics"
    label = "statistics"
