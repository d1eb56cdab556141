from django.urls import path

from trayecto.web.statistics import views

urlpatterns = [
    path("", views.home_view, name="home"),
]
