from django.apps import AppConfig


class TrajectoryConfig(AppConfig):
    name = "trayecto.web.trajectory"
    label = "trajectory"
    default_auto_field = "django.db.models.BigAutoField"
