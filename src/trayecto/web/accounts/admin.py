from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from trayecto.web.accounts.models import Membership, Organization

# The admin site carries the platform's name, in the user's language.
admin.site.site_header = _("Trayecto · administración")
admin.site.site_title = _("Trayecto · administración")
admin.site.index_title = _("Catálogos, cuentas y registro de auditoría")


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin[Organization]):
    list_display = ("code", "name", "type", "is_demo")
    search_fields = ("code", "name")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ("user", "organization", "role", "etc_code")
    list_filter = ("role",)
