from django.urls import path

from trayecto.web.response import views

app_name = "response"
urlpatterns = [
    path("", views.submission_list_view, name="list"),
    path("subir/", views.upload_view, name="upload"),
    path("subir/confirmar/", views.upload_confirm_view, name="upload-confirm"),
    path("subir/<str:result_id>/", views.upload_progress_view, name="upload-progress"),
    path("plantilla/", views.template_download_view, name="template"),
    path("copiar-mes-anterior/", views.copy_last_month_view, name="copy-last-month"),
    path("revision/", views.review_queue_view, name="review"),
    path("revision/aprobar/", views.bulk_approve_view, name="bulk-approve"),
    path("revision/publicar/", views.bulk_publish_view, name="bulk-publish"),
    path("periodo/<str:month>/cierre/", views.period_lock_view, name="period-lock"),
    path("alcance/", views.dashboard_view, name="dashboard"),
    path("alcance/mapa.json", views.dashboard_map_view, name="dashboard-map"),
    path("exportar.xlsx", views.export_xlsx_view, name="export-xlsx"),
    path("alcance/tabla.xlsx", views.pivot_xlsx_view, name="pivot-xlsx"),
    path("exportar-hxl.csv", views.export_hxl_view, name="export-hxl"),
    path("completitud/", views.completeness_view, name="completeness"),
    path("plan/", views.plan_list_view, name="plans"),
    path("plan/<int:pk>/borrar/", views.plan_delete_view, name="plan-delete"),
    path("lineas/lugares/", views.line_places_view, name="line-places"),
    path("<int:pk>/", views.submission_detail_view, name="detail"),
    path("<int:pk>/lineas/nueva/", views.line_form_view, name="line-add"),
    path("<int:pk>/lineas/<int:line_id>/", views.line_form_view, name="line-edit"),
    path("<int:pk>/lineas/<int:line_id>/borrar/", views.line_delete_view, name="line-delete"),
    path("<int:pk>/<slug:action>/", views.submission_action_view, name="action"),
]
