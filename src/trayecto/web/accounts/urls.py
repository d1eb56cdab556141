from django.urls import path

from trayecto.web.accounts import views

urlpatterns = [
    path("organizacion/<slug:code>/", views.organization_view, name="organization"),
]
