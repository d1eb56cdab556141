"""Access rules per role (trayecto.web.accounts.access), every persona on every rule."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from tests.web.conftest import CUCUTA_ETC, PERSONAS
from trayecto.web.accounts import access

NORTE_DE_SANTANDER_ETC = "3801"

# (department, ETCs running its schools) -> who may see school-level data there.
SCHOOL_LEVEL = {
    ("54", (NORTE_DE_SANTANDER_ETC, CUCUTA_ETC)): {
        "etc_analyst",
        "leg_coordinator",
        "im_officer",
        "cluster_admin",
    },
    ("54", (NORTE_DE_SANTANDER_ETC,)): {"leg_coordinator", "im_officer", "cluster_admin"},
    ("81", ("3824",)): {"leg_coordinator", "im_officer", "cluster_admin"},
    ("52", ("3798", "3799")): {"im_officer", "cluster_admin"},
}


def user_of(request: pytest.FixtureRequest, persona: str) -> Any:
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser() if persona == "anonymous" else request.getfixturevalue(persona)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_only_members_see_published_figures(request: pytest.FixtureRequest, persona: str) -> None:
    user = user_of(request, persona)
    expected = persona not in {"anonymous", "outsider"}
    assert access.can_view_published(user) is expected
    assert access.can_view_area(user, "54") is expected


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("department", "etcs"), list(SCHOOL_LEVEL))
def test_school_level_data_follows_the_scope(
    request: pytest.FixtureRequest, persona: str, department: str, etcs: tuple[str, ...]
) -> None:
    user = user_of(request, persona)
    allowed = access.can_view_school_level(user, department_code=department, etc_codes=etcs)
    assert allowed is (persona in SCHOOL_LEVEL[(department, etcs)])


@pytest.mark.django_db
def test_a_superuser_without_membership_has_national_scope() -> None:
    from tests.web.factories import UserFactory

    root = UserFactory(username="root", is_superuser=True)
    scope = access.scope_of(root)
    assert scope is not None
    assert scope.national
    assert access.can_view_school_level(root, department_code="52", etc_codes=())


# --------------------------------------------------------------------------- organisations
# Who may open the NRC organisation (the LEG coordinator's employer), and change it.
ORGANIZATION_READ = {"leg_coordinator", "im_officer", "cluster_admin"}
ORGANIZATION_WRITE = {"cluster_admin"}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS[1:])
@pytest.mark.parametrize("write", [False, True])
def test_get_organization_for_user_decides_403(
    request: pytest.FixtureRequest, rf: RequestFactory, persona: str, write: bool
) -> None:
    request.getfixturevalue("leg_coordinator")  # a member of UNICEF
    http = rf.get("/")
    http.user = user_of(request, persona)
    allowed = ORGANIZATION_WRITE if write else ORGANIZATION_READ
    if persona in allowed:
        assert access.get_organization_for_user(http, "unicef", write=write).code == "unicef"
    else:
        with pytest.raises(PermissionDenied):
            access.get_organization_for_user(http, "unicef", write=write)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS[1:])
def test_get_organization_for_user_says_404_for_unknown_codes(
    request: pytest.FixtureRequest, rf: RequestFactory, persona: str
) -> None:
    http = rf.get("/")
    http.user = user_of(request, persona)
    with pytest.raises(Http404):
        access.get_organization_for_user(http, "no-such-organisation")


@pytest.mark.django_db
def test_an_outsider_is_told_why(rf: RequestFactory, outsider: Any) -> None:
    http = rf.get("/")
    http.user = outsider
    with pytest.raises(PermissionDenied, match="no pertenece a ninguna organización"):
        access.require_member(http)


@pytest.mark.django_db
def test_the_refused_organisation_page_links_to_the_users_own(
    request: pytest.FixtureRequest, client: Any
) -> None:
    """The 403 names the page the partner may open, as a link it can follow."""
    request.getfixturevalue("leg_coordinator")  # UNICEF exists
    client.force_login(request.getfixturevalue("partner"))  # a member of NRC
    response = client.get("/organizacion/unicef/")
    assert response.status_code == 403
    assert '<a href="/organizacion/nrc/">/organizacion/nrc/</a>' in response.content.decode()
    assert client.get("/organizacion/nrc/").status_code == 200


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("abra /organizacion/nrc/.", 'abra <a href="/organizacion/nrc/">/organizacion/nrc/</a>.'),
        ("5/6 de <b>", "5/6 de &lt;b&gt;"),  # not a path, and escaped
        ("/a/ y /b/", '<a href="/a/">/a/</a> y <a href="/b/">/b/</a>'),
    ],
)
def test_a_refusal_links_the_paths_it_names_and_escapes_the_rest(
    message: str, expected: str
) -> None:
    from trayecto.web.statistics.templatetags.site_words import site_links

    assert site_links(message) == expected
