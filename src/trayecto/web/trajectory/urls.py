from django.urls import path

from trayecto.web.trajectory import views

app_name = "trajectory"
urlpatterns = [
    path("", views.flows_view, name="flows"),
    path("alerta/", views.early_warning_view, name="early-warning"),
    path("alerta/seudonimos.csv", views.pseudonymous_list_view, name="pseudonymous-list"),
    path("alerta/clave-etc.txt", views.etc_key_view, name="etc-key"),
]
