"""The 5W pickers write their options themselves (one template per option cost the reach page
30 ms for 1,100 municipalities): the HTML is exactly what Django's templates write."""

from __future__ import annotations

import pytest
from django import forms
from django.http import QueryDict

from trayecto.domain.geography import Municipality
from trayecto.web.response.forms import PickOne, ReachFilterForm

PLACES = [  # two real municipalities, and one made up with characters HTML must escape
    Municipality("54001", "San José de Cúcuta", "54", "Norte de Santander"),
    Municipality("81001", "Arauca", "81", "Arauca"),
    Municipality("99999", 'Lugar "inventado" <de prueba> & más', "99", "Vichada"),
]
PARTNERS = [("nrc", "NRC"), ("otro", 'Socio <y> Cía & "asociados"')]
ACTIVITIES = [("EDU-04", "Kits escolares"), ("EDU-09", "Transporte")]
ADDRESSES = (
    "",
    "period=2026-03",
    "department=54&municipality=54001&org=otro&sex=f&age=6-11",
    "department=81&department=54&municipality=81001&municipality=54001",  # two values
    "municipality=99999&group=transito&activity=EDU-09",
    "department=00&org=nadie",  # values outside the choices: the form's messages
)


@pytest.mark.parametrize("address", ADDRESSES)
def test_the_pickers_write_what_djangos_templates_write(
    address: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = ReachFilterForm(
        QueryDict(address), places=PLACES, organizations=PARTNERS, activities=ACTIVITIES
    )
    form.is_valid()
    ours = {name: str(form[name]) for name in form.fields}
    monkeypatch.setattr(PickOne, "render", forms.Select.render)
    assert {name: str(form[name]) for name in form.fields} == ours
    if "department" not in address:  # every municipality offered, the made-up one too
        assert "&lt;de prueba&gt; &amp; más" in ours["municipality"]
    assert "Socio &lt;y&gt; Cía &amp; &quot;asociados&quot;" in ours["org"]


def test_a_picker_marks_one_option_of_several_values_as_django_does() -> None:
    form = ReachFilterForm(
        QueryDict("department=81&department=54"),
        places=PLACES, organizations=PARTNERS, activities=ACTIVITIES,
    )  # fmt: skip
    written = str(form["department"])
    assert written.count(" selected") == 1  # a single drop-down shows the first it offers
    assert '<option value="54" selected>Norte de Santander (54)</option>' in written
