"""Forms of the 5W pages: they parse every query parameter, so a bad value gives a message
and the page falls back to the default, never a 500."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from trayecto.analytics.reach import ReachFilters
from trayecto.domain.five_w import CLUSTER_BANDS, POPULATION_GROUP_LABELS, PopulationGroup
from trayecto.domain.five_w_etpv import FUNDED_PROJECT_MAX
from trayecto.domain.geography import Municipality
from trayecto.web.params import MAX_PLANNED, PeriodField, YearField, lazy_format

SEX_CHOICES = (
    ("f", _("Mujeres")),
    ("m", _("Hombres")),
    ("o", _("Otro")),
    ("u", _("Sin desagregar")),
)


class PickOne(forms.Select):
    """A single drop-down whose value arrives as a list (the field accepts several values
    in the address, as links from other pages write them)."""

    allow_multiple_selected = False

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        getter = getattr(data, "getlist", None)
        return getter(name) if getter is not None else data.get(name)

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        """Django's select.html, written out here: the template renders one sub-template per
        option, 30 ms for the reach page's 1,100 municipalities (most of the page's time
        once its figures are kept), where this takes a few. The same HTML (tested)."""
        if any(isinstance(label, list | tuple) for _value, label in self.choices):
            return super().render(name, value, attrs, renderer)  # option groups: Django's
        chosen = self.format_value(value)
        options, has_selected = [], False
        for option, label in self.choices:
            code = "" if option is None else str(option)
            selected = not has_selected and code in chosen  # a single select marks one
            has_selected |= selected
            shown = conditional_escape(str(label))  # a lazy or safe label, as the template
            options.append(_OPTION.format(escape(code), _SELECTED[selected], shown))
        written = "".join(
            f" {escape(key)}" if given is True else f' {escape(key)}="{escape(given)}"'
            for key, given in self.build_attrs(self.attrs, attrs).items()
            if given is not False
        )
        return mark_safe(f'<select name="{escape(name)}"{written}>{"".join(options)}\n</select>')  # noqa: S308


_OPTION = '\n  <option value="{}"{}>{}</option>\n'  # as select_option.html, with its newline
_SELECTED = {True: " selected", False: ""}


def _pick(label: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(label=label, required=False, widget=PickOne)


class ReachFilterForm(forms.Form):
    """The reach dashboard's filters, as pickers by name; values are DANE codes, partner
    codes and catalogue codes. Municipalities are offered within the departments chosen."""

    period = PeriodField(label=_("Periodo"), required=False, max_length=7)
    department = _pick(_("Departamento"))
    municipality = _pick(_("Municipio"))
    org = _pick(_("Socio"))
    activity = _pick(_("Actividad"))
    group = _pick(_("Grupo"))
    age = _pick(_("Edad"))
    sex = _pick(_("Sexo"))

    def __init__(
        self,
        data: Mapping[str, Any] | None,
        *,
        places: Iterable[Municipality],
        organizations: Iterable[tuple[str, str]],
        activities: Iterable[tuple[str, str]],
    ) -> None:
        super().__init__(data)
        places = list(places)
        departments = sorted({(m.department_code, m.department_name) for m in places})
        self._choices("department", [(c, f"{n} ({c})") for c, n in departments])
        chosen = set(self.data.getlist("department")) if hasattr(self.data, "getlist") else set()
        chosen.discard("")
        self._choices(
            "municipality",
            [(m.code, f"{m.name} ({m.code})")
             for m in sorted(places, key=lambda m: (m.department_code, m.name))
             if not chosen or m.department_code in chosen],
        )  # fmt: skip
        self._choices("org", list(organizations))
        self._choices("activity", [(c, f"{c} - {n}") for c, n in activities])
        self._choices("group", [(g.value, POPULATION_GROUP_LABELS[g][0]) for g in PopulationGroup])
        self._choices("age", [(b.code, b.code) for b in CLUSTER_BANDS])
        self._choices("sex", list(SEX_CHOICES))
        self.fields["municipality"].help_text = (
            "" if chosen else _("Elija primero un departamento para ver sus municipios.")
        )
        if not places:  # no geography imported yet: well-formed DANE codes are accepted
            for name, width in (("department", 2), ("municipality", 5)):
                asked = self.data.getlist(name) if hasattr(self.data, "getlist") else []
                self._choices(name, [(v, v) for v in asked if len(v) == width and v.isdigit()])

    def _choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        """The field's options after "Todos" (all)."""
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Todos")), *choices]

    def reach_filters(self, default_period: str) -> ReachFilters:
        """The filters the valid fields give; an invalid field is left out (the page shows
        its message) and an invalid period falls back to `default_period`."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})

        def pick(name: str) -> tuple[str, ...]:
            return tuple(v for v in data.get(name) or () if v)

        return ReachFilters(
            data.get("period") or default_period,
            departments=pick("department"),
            municipalities=pick("municipality"),
            orgs=pick("org"),
            activities=pick("activity"),
            population_groups=pick("group"),
            sexes=pick("sex"),
            ages=pick("age"),
        )

    def messages(self) -> list[str]:
        return [f"{self.fields[name].label}: {' '.join(str(e) for e in errors)}"
                for name, errors in self.errors.items()]  # fmt: skip


# ----------------------------------------------------------- the other pages' parameters
PLANNED_RULE = lazy_format(
    _("Las personas planificadas son un número entero entre 0 y %(max)s."),
    max=f"{MAX_PLANNED:,}".replace(",", "."),
)


class TemplateForm(forms.Form):
    org = forms.CharField(required=False, max_length=50)
    period = PeriodField(required=False)
    prefill = forms.ChoiceField(
        required=False,
        choices=[("", ""), ("1", "1"), ("plan", "plan")],
        error_messages={"invalid_choice": _("«prefill» es 1 (el mes anterior) o plan.")},
    )


class CopyLastMonthForm(forms.Form):
    org = forms.CharField(required=False, max_length=50)
    period = PeriodField()


class YearForm(forms.Form):
    year = YearField(required=False)


PROJECT_RULE = _(
    "El proyecto o convenio financiado tiene %(show_value)s caracteres y caben "
    "%(limit_value)s: escriba el nombre o el número del convenio, no su descripción."
)


class PlanForm(forms.Form):
    year = YearField(required=False)
    planned = forms.IntegerField(
        min_value=0,
        max_value=MAX_PLANNED,
        error_messages=dict.fromkeys(
            ("required", "invalid", "min_value", "max_value"), PLANNED_RULE
        ),
    )
    # optional: the project as the 5W lines name it in «Convenio Financiado»
    funded_project = forms.CharField(
        required=False, max_length=FUNDED_PROJECT_MAX, error_messages={"max_length": PROJECT_RULE}
    )


class UploadForm(forms.Form):
    """The upload's fields other than the file: whose report, which month, check only."""

    org = forms.CharField(required=False, max_length=50)
    period = PeriodField(required=False)
    dry_run = forms.CharField(required=False, max_length=5)  # "1": check only

    def check_only(self) -> bool:
        return bool(self.is_valid() and self.cleaned_data["dry_run"] == "1")


class ConfirmUploadForm(forms.Form):
    token = forms.CharField(required=False, max_length=200)


class CommentForm(forms.Form):
    """The reason of a return, a reopening or a period lock (the service requires it)."""

    comment = forms.CharField(required=False, strip=False)


class PeriodLockForm(forms.Form):
    reason = forms.CharField(required=False, strip=False)
    lock = forms.CharField(required=False, max_length=5)  # "1" locks, anything else unlocks


class BulkForm(forms.Form):
    """The reports ticked in a review queue; anything but a report number is ignored."""

    submission = forms.MultipleChoiceField(required=False)

    def __init__(self, data: Any) -> None:
        super().__init__(data)
        asked = data.getlist("submission") if hasattr(data, "getlist") else []
        field = self.fields["submission"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(v, v) for v in asked if v.isdigit()]

    def ids(self) -> list[int]:
        self.is_valid()
        return [int(v) for v in getattr(self, "cleaned_data", {}).get("submission") or ()]


class PivotForm(forms.Form):
    """The pivot's two dimensions (selectors/pivot.py decides which pairs are valid)."""

    rows = forms.CharField(required=False, max_length=20)
    columns = forms.CharField(required=False, max_length=20)

    def dimensions(self) -> tuple[str | None, str | None]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("rows") or None, data.get("columns") or None


class LinePlacesForm(forms.Form):
    """The department and municipality pickers of the line form (codes; unknown ones show
    empty pickers)."""

    department = forms.CharField(required=False, max_length=10)
    municipality = forms.CharField(required=False, max_length=10)


class PlanEntryForm(forms.Form):
    """A planned activity as typed: the service checks activity, group and place."""

    org = forms.CharField(required=False, max_length=50)
    activity = forms.CharField(required=False, max_length=300)
    department = forms.CharField(required=False, max_length=10)
    municipality = forms.CharField(required=False, max_length=10)
    group = forms.CharField(required=False, max_length=60)
