from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "trayecto.web.accounts"
    label = "accounts"
    verbose_name = "Cuentas y organizaciones"
