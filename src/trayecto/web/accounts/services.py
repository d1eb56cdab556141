"""Writes on organisations and memberships: `<entity>_<action>(*, ...)`, idempotent upserts.

A change of an organisation is written to the project's audit log (`response.AuditLog`, the
one the 5W, the LEG workspaces and the emergencies write), as the 5W services audit."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import transaction

from trayecto.web.accounts.models import Membership, Organization
from trayecto.web.response.services.audit import User, audit

AUDITED = ("name", "type", "is_demo")


def organization_upsert(
    *, code: str, name: str, type: str, is_demo: bool = False, user: User | None = None
) -> Organization:
    """Create the organisation or bring it to these values; returns it. ValueError says
    which value is wrong (the command line shows it as it is). A creation is audited as
    `org_add`, a change as `org_update` with the values before; running it again with the
    same values writes nothing (`user` None: the command line or the demo)."""
    found = Organization.objects.filter(code=code).first()
    organization = found or Organization(code=code)
    before = {key: getattr(organization, key) for key in AUDITED} if found else None
    organization.name, organization.type, organization.is_demo = name, type, is_demo
    try:
        organization.full_clean()
    except ValidationError as exc:
        messages = (f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        raise ValueError("; ".join(messages)) from exc
    after = {key: getattr(organization, key) for key in AUDITED}
    if before == after:
        return organization
    with transaction.atomic():
        organization.save()
        if before is None:
            audit(user, "org_add", organization, **after)
        else:
            audit(user, "org_update", organization, before=before, after=after)
    return organization


@transaction.atomic
def member_upsert(
    *,
    username: str,
    password: str,
    organization: Organization,
    role: str,
    department_codes: Sequence[str] = (),
    etc_code: str = "",
) -> Membership:
    """A login with one membership. The password is (re)set only when it does not match,
    so running this twice leaves the stored hash untouched. Only the cluster admin gets
    the admin site (staff and superuser)."""
    user: AbstractUser
    user, created = get_user_model().objects.get_or_create(username=username)
    # The cluster admin manages organisations, users and catalogues in Django's admin.
    admin = role == Membership.Role.CLUSTER_ADMIN
    # check_password costs one full hash (about 0.4 s), even for a new user: skip it then.
    if (
        created
        or (user.is_staff, user.is_superuser) != (admin, admin)
        or not user.check_password(password)
    ):
        user.set_password(password)
        user.is_staff = user.is_superuser = admin
        user.save(update_fields=["password", "is_staff", "is_superuser"])
    membership = Membership.objects.filter(user=user).first() or Membership(user=user)
    membership.organization = organization
    membership.role = role
    membership.department_codes = list(department_codes)
    membership.etc_code = etc_code
    membership.full_clean()
    membership.save()
    return membership
