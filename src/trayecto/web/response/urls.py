from django.urls import path

from trayecto.web.response import (
    activityinfo_views,
    export_views,
    line_views,
    plan_views,
    reach_views,
    review_views,
    submission_views,
    upload_views,
)

app_name = "response"
urlpatterns = [
    path("", submission_views.submission_list_view, name="list"),
    path("subir/", upload_views.upload_view, name="upload"),
    path("subir/confirmar/", upload_views.upload_confirm_view, name="upload-confirm"),
    path("subir/<str:result_id>/", upload_views.upload_progress_view, name="upload-progress"),
    path("plantilla/", upload_views.template_download_view, name="template"),
    path("formulario.xlsx", upload_views.form_download_view, name="form"),
    path("copiar-mes-anterior/", submission_views.copy_last_month_view, name="copy-last-month"),
    path("revision/", review_views.review_queue_view, name="review"),
    path("revision/aprobar/", review_views.bulk_approve_view, name="bulk-approve"),
    path("revision/publicar/", review_views.bulk_publish_view, name="bulk-publish"),
    path("periodo/<str:month>/cierre/", review_views.period_lock_view, name="period-lock"),
    path("alcance/", reach_views.dashboard_view, name="dashboard"),
    path("alcance/mapa.json", reach_views.dashboard_map_view, name="dashboard-map"),
    path("exportar.xlsx", export_views.export_xlsx_view, name="export-xlsx"),
    path("alcance/tabla.xlsx", reach_views.pivot_xlsx_view, name="pivot-xlsx"),
    path("exportar-hxl.csv", export_views.export_hxl_view, name="export-hxl"),
    path("exportar-activityinfo.xlsx", activityinfo_views.xlsx_view, name="export-activityinfo"),
    path("exportar-activityinfo.csv", activityinfo_views.csv_view, name="export-activityinfo-csv"),
    path("completitud/", review_views.completeness_view, name="completeness"),
    path("plan/", plan_views.plan_list_view, name="plans"),
    path("plan/<int:pk>/borrar/", plan_views.plan_delete_view, name="plan-delete"),
    path("lineas/lugares/", line_views.line_places_view, name="line-places"),
    path("<int:pk>/", submission_views.submission_detail_view, name="detail"),
    path("<int:pk>/lineas/nueva/", line_views.line_form_view, name="line-add"),
    path("<int:pk>/lineas/<int:line_id>/", line_views.line_form_view, name="line-edit"),
    path("<int:pk>/lineas/<int:line_id>/borrar/", line_views.line_delete_view, name="line-delete"),
    path("<int:pk>/<slug:action>/", submission_views.submission_action_view, name="action"),
]
