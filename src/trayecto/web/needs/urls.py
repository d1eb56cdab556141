from django.urls import path

from trayecto.web.needs import views

app_name = "needs"
urlpatterns = [
    path("", views.run_list_view, name="list"),
    path("comparar/", views.run_compare_view, name="compare"),
    path("oferta/", views.supply_view, name="supply"),
    path("oferta/sedes/", views.sede_ranking_view, name="sede-ranking"),
    path("informe-etc/", views.etc_report_view, name="etc-report"),
    path("<int:pk>/", views.run_detail_view, name="detail"),
    path("<int:pk>/publicar/", views.run_publish_view, name="publish"),
]
