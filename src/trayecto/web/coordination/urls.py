from django.urls import path

from trayecto.web.coordination import meeting_views, report_views, workspace_views

app_name = "coordination"
urlpatterns = [
    path("", workspace_views.workspace_list_view, name="list"),
    path("gel.xlsx", workspace_views.workspace_list_xlsx_view, name="list-xlsx"),
    path("abrir/", workspace_views.workspace_open_view, name="open"),
    path("anuncios/", workspace_views.announcement_list_view, name="announcements"),
    path("anuncios.xlsx", workspace_views.announcement_xlsx_view, name="announcements-xlsx"),
    path("compromisos/<int:pk>/cumplido/", meeting_views.follow_up_done_view,
         name="follow-up-done"),
    path("<str:code>/", workspace_views.workspace_detail_view, name="workspace"),
    path("<str:code>/organizaciones.xlsx", workspace_views.workspace_members_xlsx_view,
         name="members-xlsx"),
    path("<str:code>/informes/nuevo/", report_views.report_start_view, name="report-start"),
    path("<str:code>/informes.xlsx", report_views.report_list_xlsx_view, name="reports-xlsx"),
    path("<str:code>/informes/<str:period>/", report_views.report_detail_view, name="report"),
    path("<str:code>/informes/<str:period>/<slug:action>/", report_views.report_action_view,
         name="report-action"),
    path("<str:code>/reuniones/nueva/", meeting_views.meeting_new_view, name="meeting-new"),
    path("<str:code>/reuniones.xlsx", meeting_views.meeting_list_xlsx_view, name="meetings-xlsx"),
    path("<str:code>/reuniones/<int:pk>/", meeting_views.meeting_detail_view, name="meeting"),
    path("<str:code>/reuniones/<int:pk>/decisiones/", meeting_views.decision_add_view,
         name="decision-add"),
    path("<str:code>/reuniones/<int:pk>/compromisos/", meeting_views.follow_up_add_view,
         name="follow-up-add"),
]  # fmt: skip
