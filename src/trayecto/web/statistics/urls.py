from django.urls import path

from trayecto.web.statistics import views

urlpatterns = [
    path("", views.home_view, name="home"),
    path("mapa/prioritarios.json", views.priority_map_data_view, name="priority-map-data"),
    path("departamento/<str:code>/", views.department_view, name="department"),
    path("municipio/<str:code>/", views.municipality_view, name="municipality"),
]
