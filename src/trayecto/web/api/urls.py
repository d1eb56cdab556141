from django.urls import path

from trayecto.web.api import token_views
from trayecto.web.api.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("cuenta/tokens/", token_views.token_list_view, name="api-tokens"),
    path("cuenta/tokens/<int:pk>/revocar/", token_views.token_revoke_view, name="api-token-revoke"),
]
