from django.urls import path

from trayecto.web.emergencies import views

app_name = "emergencies"
urlpatterns = [
    path("", views.event_list_view, name="list"),
    path("mapa.json", views.event_list_map_view, name="list-map"),
    path("nueva/", views.event_create_view, name="create"),
    path("<int:pk>/", views.event_detail_view, name="detail"),
    path("<int:pk>/editar/", views.event_edit_view, name="edit"),
    path("<int:pk>/estado/", views.event_status_view, name="status"),
    path("<int:pk>/lista/", views.list_upload_view, name="upload"),
    path("<int:pk>/mapa.json", views.event_map_view, name="map"),
    path("<int:pk>/plantilla.xlsx", views.template_view, name="template"),
    path("<int:pk>/sedes/", views.export_view, name="export"),
    path("<int:pk>/sedes/nueva/", views.sede_edit_view, name="sede-create"),
    path("<int:pk>/sedes/<int:sede_pk>/", views.sede_edit_view, name="sede-edit"),
    path("<int:pk>/evaluacion.xlsx", views.assessment_form_view, name="assessment-form"),
    path("<int:pk>/evaluaciones/", views.assessment_upload_view, name="assessment-upload"),
]
