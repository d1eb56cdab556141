"""URL map: one include per app."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),  # the language switch posts here
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("5w/", include("trayecto.web.response.urls")),
    path("necesidades/", include("trayecto.web.needs.urls")),
    path("coordinacion/", include("trayecto.web.coordination.urls")),
    path("", include("trayecto.web.api.urls")),
    path("emergencias/", include("trayecto.web.emergencies.urls")),
    path("trayectorias/", include("trayecto.web.trajectory.urls")),
    path("", include("trayecto.web.accounts.urls")),
    path("", include("trayecto.web.statistics.urls")),
]

# A refused parameter says which and what is allowed (trayecto.web.params.InvalidParameter).
handler400 = "trayecto.web.errors.bad_request"
