"""Who may see and do what: one helper per object type (DESIGN.md, Users).

Rules, from the roles table:
- every page needs a login and a membership; a logged-in user without one (an "outsider")
  sees an explanation, not data;
- every member sees published aggregates of every territory (they are public figures);
- school-level (sede) data is for national roles, the LEG coordinator of the department and
  the ETC analyst of the ETC; never for partners, viewers or donors;
- an organisation's own records are for its members and for the national roles; only the
  cluster admin changes organisations.

Views call these helpers and nothing else decides access, so every rule is tested here once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext, gettext_noop

from trayecto.analytics import geography
from trayecto.web.accounts.models import Membership, Organization

Role = Membership.Role
User = AbstractBaseUser | AnonymousUser

# The roles that cover the whole country; every access module reads them from here.
NATIONAL_ROLES = frozenset({Role.CLUSTER_ADMIN, Role.IM_OFFICER})
# DANE codes: department, municipality, sede (the sede's municipality is digits 2–6).
DEPARTMENT_CODE_LENGTH, MUNICIPALITY_CODE_LENGTH, SEDE_CODE_LENGTH = 2, 5, 12

NO_MEMBERSHIP = gettext_noop(
    "Su cuenta no pertenece a ninguna organización. Pida a la administración del clúster "
    "que la asocie a su organización y le asigne un rol."
)
READ_ONLY = gettext_noop("Su rol no permite modificar esta organización.")
OTHER_ORGANIZATION = gettext_noop(
    "Solo el equipo nacional ve la página de otras organizaciones; usted puede abrir la de "
    "la suya: /organizacion/%(own)s/."
)


@dataclass(frozen=True)
class Scope:
    """What a member's role covers; national roles cover every territory.

    Built once per request from the user's membership (`scope_of`) and read by every access
    rule, of this module and of each app's access.py, so a page asks the database for the
    membership once however many rules it checks.
    """

    role: str
    organization_id: int | None
    national: bool
    department_codes: frozenset[str]
    etc_code: str
    membership: Membership | None = field(default=None, compare=False, repr=False)

    def covers_department(self, department_code: str) -> bool:
        return self.national or department_code in self.department_codes

    def covers_etc(self, etc_code: str) -> bool:
        return self.national or (bool(self.etc_code) and etc_code == self.etc_code)

    @property
    def organization(self) -> Organization | None:
        """The member's organisation (read on first use: most pages need only its id)."""
        return self.membership.organization if self.membership is not None else None

    def is_member_of(self, organization: Organization) -> bool:
        return self.organization_id is not None and self.organization_id == organization.pk


def membership_of(user: User) -> Membership | None:
    if not user.is_authenticated:
        return None
    # The reverse one-to-one accessor caches its answer (also "none") on the user object, so
    # every helper and the page header share one query per request. Its "does not exist"
    # error is an AttributeError, hence getattr's default.
    membership: Membership | None = getattr(user, "membership", None)
    return membership


# Where scope_of keeps the scope on the user object (one per request: the user is loaded
# per request), with the membership values it was built from.
_SCOPE_CACHE = "_trayecto_access_scope"


def scope_of(user: User) -> Scope | None:
    """The user's scope, or None for anonymous users and users without a membership.

    Built once and kept on the user object; built again only if the membership it came
    from changed (a test or a command that edits it in place)."""
    membership = membership_of(user)
    key = (
        None
        if membership is None
        else (membership.pk, membership.role, membership.organization_id,
              tuple(membership.department_codes or ()), membership.etc_code)
    )  # fmt: skip
    cached = user.__dict__.get(_SCOPE_CACHE)
    if cached is not None and cached[0] == key:
        scope: Scope | None = cached[1]
        return scope
    scope = _scope_from(user, membership)
    if user.is_authenticated:
        user.__dict__[_SCOPE_CACHE] = (key, scope)
    return scope


def _scope_from(user: User, membership: Membership | None) -> Scope | None:
    if membership is None:
        if user.is_authenticated and getattr(user, "is_superuser", False):
            return Scope(Role.CLUSTER_ADMIN, None, True, frozenset(), "")
        return None
    return Scope(
        role=membership.role,
        organization_id=membership.organization_id,
        national=membership.role in NATIONAL_ROLES,
        department_codes=frozenset(membership.department_codes or ()),
        etc_code=membership.etc_code,
        membership=membership,
    )


def role_of(user: User) -> str | None:
    """The user's role (a superuser without a membership acts as cluster admin); None for
    anonymous users and users without a membership."""
    scope = scope_of(user)
    return scope.role if scope is not None else None


def is_national(user: User) -> bool:
    scope = scope_of(user)
    return scope is not None and scope.national


# --------------------------------------------------------------------------- areas
def can_view_published(user: User) -> bool:
    """Published aggregates (maps, area pages, indicators): every member."""
    return scope_of(user) is not None


def require_member(request: HttpRequest) -> Scope:
    """The scope of the request's user; 403 with the reason for users without a membership.

    Anonymous users never get here: the views are wrapped in `login_required`.
    """
    scope = scope_of(request.user)
    if scope is None:
        raise PermissionDenied(gettext(NO_MEMBERSHIP))
    return scope


def can_view_area(user: User, department_code: str) -> bool:
    """Published figures of a department or of one of its municipalities."""
    return can_view_published(user)


def can_view_school_level(
    user: User, *, department_code: str, etc_codes: Iterable[str] = ()
) -> bool:
    """Sede-level data of an area: national roles, the LEG of the department, the ETC's analyst.

    `etc_codes` are the ETCs that run schools in the area (one for a municipality, several
    for a department); an ETC analyst sees the area when their ETC is among them.
    """
    scope = scope_of(user)
    if scope is None:
        return False
    if scope.national:
        return True
    if scope.role == Role.LEG_COORDINATOR:
        return scope.covers_department(department_code)
    if scope.role == Role.ETC_ANALYST:
        return any(scope.covers_etc(code) for code in etc_codes)
    return False


def can_view_school_level_area(
    user: User,
    area_code: str,
    etc_of_municipality: Callable[[str], str | None],
    etc_municipalities: Callable[[str], Sequence[str]],
) -> bool:
    """School-level rows selected by an area filter (the indicator explorer at level sede).

    A sede or a municipality is judged by its municipality's ETC; an ETC (its code as the
    area: all its sedes at once) by itself and its department, which is that of the
    municipalities it serves; a department only by the department, since it may hold
    several ETCs; no area (the whole country) is for national roles only.
    """
    if geography.is_etc_code(area_code):
        served = etc_municipalities(area_code)
        return bool(served) and can_view_school_level(
            user, department_code=served[0][:2], etc_codes=[area_code]
        )
    code = area_code[1:6] if len(area_code) == SEDE_CODE_LENGTH else area_code
    if len(code) == MUNICIPALITY_CODE_LENGTH:
        etc = etc_of_municipality(code)
        return can_view_school_level(user, department_code=code[:2], etc_codes=[etc] if etc else [])
    if len(code) == DEPARTMENT_CODE_LENGTH:
        return can_view_school_level(user, department_code=code, etc_codes=())
    scope = scope_of(user)
    return scope is not None and scope.national


def can_view_any_school_level(user: User) -> bool:
    """Whether the role sees school-level data anywhere (to explain a refusal up front)."""
    scope = scope_of(user)
    if scope is None:
        return False
    return scope.national or scope.role in {Role.LEG_COORDINATOR, Role.ETC_ANALYST}


def school_level_refusal(user: User, area_name: Callable[[str], str]) -> str:
    """Why school-level rows were refused, and what the role may open instead.

    `area_name` gives the name of a department or ETC code (the code itself when unknown).
    """
    scope = scope_of(user)
    if scope is None:
        return gettext(NO_MEMBERSHIP)
    if scope.role == Role.LEG_COORDINATOR and scope.department_codes:
        departments = ", ".join(
            f"{area_name(code)} ({code})" for code in sorted(scope.department_codes)
        )
        return gettext(
            "Los datos por sede de su rol cubren sus departamentos: %(departments)s. Elija "
            "uno de ellos, uno de sus municipios o una de sus ETC en «Área», o un nivel "
            "agregado para el resto del país."
        ) % {"departments": departments}
    if scope.role == Role.ETC_ANALYST and scope.etc_code:
        return gettext(
            "Los datos por sede de su rol cubren su ETC, %(etc)s (%(code)s): escriba %(code)s "
            "en «Área» para ver todas sus sedes a la vez, o uno de sus municipios. Para el "
            "resto del país, elija un nivel agregado (municipio, ETC, departamento, nación)."
        ) % {"etc": area_name(scope.etc_code), "code": scope.etc_code}
    if scope.national:
        return gettext("Elija un área de la que haya datos por sede.")
    return gettext(
        "Los datos por sede son datos a nivel de escuela: solo para el equipo de manejo de "
        "información, la coordinación GEL del departamento y la Secretaría de Educación de la "
        "ETC. Su rol ve las cifras agregadas: elija el nivel municipio, ETC, departamento o "
        "nación."
    )


# --------------------------------------------------------------------------- organisations
def can_view_organization(user: User, organization: Organization) -> bool:
    scope = scope_of(user)
    return scope is not None and (scope.national or scope.organization_id == organization.pk)


def can_change_organization(user: User, organization: Organization) -> bool:
    scope = scope_of(user)
    return scope is not None and scope.role == Role.CLUSTER_ADMIN


def get_organization_for_user(
    request: HttpRequest, code: str, *, write: bool = False
) -> Organization:
    """The organisation `code` if the user may see it (or change it with write=True).

    404 when it does not exist, 403 when it exists but is out of the user's scope.
    """
    try:
        organization = Organization.objects.get(code=code)
    except Organization.DoesNotExist:
        raise Http404(code) from None
    require_member(request)
    if not can_view_organization(request.user, organization):
        scope = scope_of(request.user)  # a member (require_member), so one of an organisation
        own = Organization.objects.filter(pk=(scope and scope.organization_id) or 0)
        raise PermissionDenied(
            gettext(OTHER_ORGANIZATION) % {"own": own.values_list("code", flat=True).first()}
        )
    if write and not can_change_organization(request.user, organization):
        raise PermissionDenied(gettext(READ_ONLY))
    return organization
