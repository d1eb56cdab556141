"""The words a reader sees for the codes the analytics return: a provenance status, an
estimate method. Through the catalogues, so the Spanish page never shows a key."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

STATUS_LABELS = {
    "observed": _("observado"),
    "computed": _("calculado"),
    "estimated": _("estimado"),
}
METHOD_LABELS = {
    "linear": _("interpolación lineal"),
    "carry_forward": _("último valor conocido"),
    "dane_ratio": _("escalado con la proyección de población DANE"),
}
