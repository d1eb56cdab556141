from django.urls import path, re_path

from trayecto.web.statistics import indicator_views, sede_views, views

urlpatterns = [
    path("", views.home_view, name="home"),
    path("indicadores/", indicator_views.indicators_view, name="indicators"),
    path("metodologia/", indicator_views.methodology_index_view, name="methodology-index"),
    path("metodologia/<slug:code>/", indicator_views.methodology_view, name="methodology"),
    path("etc/<slug:code>/", indicator_views.etc_view, name="etc"),
    path("mapa/prioritarios.json", views.priority_map_data_view, name="priority-map-data"),
    path("departamento/<str:code>/", views.department_view, name="department"),
    path("municipio/<str:code>/", views.municipality_view, name="municipality"),
    re_path(r"^sede/(?P<code>\d{12})/$", sede_views.sede_view, name="sede"),
]
