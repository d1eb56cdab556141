"""Forms for query parameters and small POST fields: no value reaches int() or a query unparsed.

A view parses its parameters with `parsed(SomeForm(request.GET))`; an invalid value raises
InvalidParameter (HTTP 400), whose page says which field was refused and what it accepts.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import BadRequest, ValidationError
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

# Reporting months, as the 5W importer reads them (importers/cells.py parse_month).
FIRST_YEAR, LAST_YEAR = 2000, 2100
MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
PERIOD_RULE = _(
    "El periodo se escribe AAAA-MM, con un mes de 01 a 12 y un año entre 2000 y 2100 "
    "(por ejemplo 2026-03)."
)
YEAR_RULE = _("El año es un número entre 2000 y 2100 (por ejemplo 2026).")
# A department's whole school-age population is far below this; more is a typing error.
MAX_PLANNED = 10_000_000


def lazy_format(message: Promise | str, **values: Any) -> str:
    """`message % values`, translated when shown (in the user's language), not at import."""
    formatted: str = lazy(lambda: str(message) % values, str)()
    return formatted


def is_reporting_month(text: str) -> bool:
    found = MONTH.fullmatch(text)
    return found is not None and FIRST_YEAR <= int(found.group(1)) <= LAST_YEAR


class PeriodField(forms.CharField):
    default_error_messages = {"invalid": PERIOD_RULE}  # noqa: RUF012 (Django's own pattern)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and not is_reporting_month(value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")


class YearField(forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        messages = {"invalid": YEAR_RULE, "min_value": YEAR_RULE, "max_value": YEAR_RULE}
        super().__init__(
            min_value=FIRST_YEAR, max_value=LAST_YEAR, error_messages=messages, **kwargs
        )


class InvalidParameter(BadRequest):
    """A query parameter or field the view cannot use; the message says what is allowed."""


def parsed(form: forms.Form) -> dict[str, Any]:
    """The form's cleaned data, or InvalidParameter naming each refused field."""
    if not form.is_valid():
        raise InvalidParameter(
            " ".join(
                f"«{name}»: {' '.join(str(m) for m in errors)}"
                for name, errors in form.errors.items()
            )
        )
    cleaned: dict[str, Any] = form.cleaned_data
    return cleaned
