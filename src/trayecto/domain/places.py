"""Find the DANE code of a department or municipality as partners and sources write it.

Order (each step only when the previous one found nothing certain):
1. the code, however written (5001, '05001', 'CO05001', a 12-digit sede code);
2. the normalised name (case, accents, punctuation and 'D.C.' ignored), within the
   department when one is given; then the name's short form ('Cúcuta' for 'San José de
   Cúcuta', 'Tumaco' for 'San Andrés de Tumaco'), only when it points to one place;
3. the alias table (an alias marked 'conflict' is never applied);
4. fuzzy suggestions (difflib), reported and never applied.
An ambiguous name ('La Unión' with no department) is reported with its candidates.
Messages are in Spanish: they go to the person who must fix the row.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from trayecto.domain import geography as geo

Candidate = tuple[str, str, float]  # (code, name, score)

FUZZY_CUTOFF = 0.78
AFFIX_SCORE = 0.9
FUZZY_WEIGHT = 0.85  # a fuzzy score never reaches an affix or exact one


@dataclass(frozen=True)
class PlaceMatch:
    """The result of matching one place: `code` is None unless the match is certain."""

    code: str | None
    method: str | None  # 'code' | 'name' | 'alias' | None
    candidates: list[Candidate] = field(default_factory=list)
    message: str = ""
    name: str | None = None  # official name of `code`

    @property
    def matched(self) -> bool:
        return self.code is not None


# --------------------------------------------------------------------------- scoring
def _sig(key: str) -> list[str]:
    return [w for w in key.split() if w not in geo.CONNECTORS]


def same_words(a: str, b: str) -> bool:
    """Equal once connectors are dropped and words joined: 'San Pablo Borbur' and 'San Pablo
    de Borbur', 'La Uribe' and 'Uribe', 'Tolú Viejo' and 'Toluviejo'."""
    sa, sb = _sig(a), _sig(b)
    return bool(sa) and "".join(sa) == "".join(sb)


# Words that alone do not name a place: 'San' must not match 'San Andrés de Cuerquía'.
GENERIC_WORDS = frozenset(
    {"san", "santa", "santo", "puerto", "villa", "nuevo", "nueva", "alto", "bajo", "medio", "rio"}
)


def short_form(short: str, long: str) -> bool:
    """True when `short` is how people shorten `long`: its first or last whole words.

    'cucuta' ends 'san jose de cucuta', 'cartagena' starts 'cartagena de indias',
    'piendamo' starts 'piendamo tunia', 'tolu viejo' ends 'san jose de toluviejo'
    (words compared joined); 'rosa' neither starts nor ends 'santa rosa de osos', and
    generic words alone ('san', 'puerto') are never a short form. Connectors are ignored.
    """
    ws, wl = _sig(short), _sig(long)
    joined = "".join(ws)
    if not ws or not wl or joined == "".join(wl) or set(ws) <= GENERIC_WORDS:
        return False
    return any("".join(wl[:k]) == joined or "".join(wl[-k:]) == joined for k in range(1, len(wl)))


def long_form(long: str, short: str) -> bool:
    """True when `long` is `short` with a part joined by a connector: 'san jose de cucuta' for
    'cucuta', 'cartagena de indias' for 'cartagena'; not 'san rosa viterbo' for 'viterbo'."""
    words = long.split()
    target = "".join(_sig(short))
    if not target or set(_sig(short)) <= GENERIC_WORDS:
        return False
    for i, word in enumerate(words):
        if word in ("de", "del", "y") and 0 < i < len(words) - 1:
            left, right = _sig(" ".join(words[:i])), _sig(" ".join(words[i + 1 :]))
            if target in ("".join(left), "".join(right)):
                return True
    return False


def affix_words(a: str, b: str) -> bool:
    """Either name is a short form of the other (used to score aliases both ways)."""
    return short_form(a, b) or short_form(b, a)


def name_score(query: str, name: str) -> float:
    """How well a normalised query names a place: 1 exact, 0.9 affix, else a fuzzy share."""
    if query == name or query.replace(" ", "") == name.replace(" ", ""):
        return 1.0
    if same_words(query, name) or affix_words(query, name):
        return AFFIX_SCORE
    ratio = difflib.SequenceMatcher(None, query.replace(" ", ""), name.replace(" ", "")).ratio()
    return round(ratio * FUZZY_WEIGHT, 3)


# --------------------------------------------------------------------------- matcher
@dataclass(frozen=True)
class _Unit:
    code: str
    name: str
    department_code: str
    status: str = "current"
    parent_code: str | None = None

    @property
    def key(self) -> str:
        return _key(self.name)


@functools.lru_cache(maxsize=8192)
def _key(name: str) -> str:
    """normalise_name, remembered: official names are compared again and again."""
    return geo.normalise_name(name)


class PlaceMatcher:
    """Built once from the warehouse tables `municipality`, `department` and `place_alias`
    (rows as mappings with those tables' columns); then pure and fast."""

    def __init__(
        self,
        municipalities: Iterable[Mapping[str, Any]],
        departments: Iterable[Mapping[str, Any]],
        aliases: Iterable[Mapping[str, Any]] = (),
    ) -> None:
        self.municipalities = {
            str(m["code"]): _Unit(
                code=str(m["code"]),
                name=str(m["name"]),
                department_code=str(m["department_code"]),
                status=str(m.get("status") or "current"),
                parent_code=m.get("parent_code"),
            )
            for m in municipalities
        }
        self.departments = {
            str(d["code"]): _Unit(
                code=str(d["code"]), name=str(d["name"]), department_code=str(d["code"])
            )
            for d in departments
        }
        self._muni_exact = _index(self.municipalities.values())
        self._dept_exact = _index(self.departments.values())
        self._aliases: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
        for alias in aliases:
            self._aliases[str(alias["alias_normalised"])].append(alias)
        self._cache: dict[tuple[Any, ...], PlaceMatch] = {}

    # ------------------------------------------------------------------ departments
    def match_department(self, code: object = None, name: object = None) -> PlaceMatch:
        key = (
            "d",
            str(code) if code is not None else None,
            str(name) if name is not None else None,
        )
        if key not in self._cache:
            self._cache[key] = self._match_department(code, name)
        return self._cache[key]

    def _match_department(self, code: object, name: object) -> PlaceMatch:
        notes: list[str] = []
        if _given(code):
            dept = geo.department_code(code)
            if dept in self.departments:
                unit = self.departments[dept]
                return PlaceMatch(dept, "code", [(dept, unit.name, 1.0)], "", unit.name)
            notes.append(f"El código de departamento {code!r} no existe en DIVIPOLA.")
        if not _given(name):
            return PlaceMatch(None, None, [], " ".join(notes) or "Falta el departamento.")
        return self._by_name(
            str(name),
            self.departments,
            self._dept_exact,
            scope=None,
            notes=notes,
            kind="departamento",
        )

    # ------------------------------------------------------------------ municipalities
    def match_municipality(
        self, code: object = None, name: object = None, department: object = None
    ) -> PlaceMatch:
        key = tuple(str(v) if v is not None else None for v in ("m", code, name, department))
        if key not in self._cache:
            self._cache[key] = self._match_municipality(code, name, department)
        return self._cache[key]

    def _match_municipality(self, code: object, name: object, department: object) -> PlaceMatch:
        notes: list[str] = []
        scope: str | None = None
        if _given(department):
            dept = self.match_department(
                code=department if _looks_like_code(department) else None,
                name=None if _looks_like_code(department) else department,
            )
            if dept.code is None:
                notes.append(f"Departamento {department!r}: {dept.message}")
            scope = dept.code

        if _given(code):
            found = self._by_code(code, name, scope)
            if found is not None:
                return found
            notes.append(f"El código {code!r} no es un municipio de DIVIPOLA; se buscó por nombre.")
        if not _given(name):
            return PlaceMatch(None, None, [], " ".join(notes) or "Falta el municipio.")
        return self._by_name(
            str(name),
            self.municipalities,
            self._muni_exact,
            scope=scope,
            notes=notes,
            kind="municipio",
        )

    def _by_code(self, code: object, name: object, scope: str | None) -> PlaceMatch | None:
        muni = geo.municipality_code(code)
        unit = self.municipalities.get(muni or "")
        if unit is None:
            return None
        notes: list[str] = []
        digits = str(code).strip()
        if len(digits) == 12 and digits.isascii() and digits.isdigit():
            notes.append(
                "Código de sede: los dígitos 2 a 6 dan el municipio donde se expidió el código, "
                "que puede ser el municipio de origen de uno más nuevo (p. ej. 27615 Riosucio "
                "para sedes de Nuevo Belén de Bajirá)."
            )
        if unit.status == "historical":
            notes.append(
                f"{unit.code} {unit.name} ya no existe: fue integrado a {unit.parent_code}; "
                "use ese código para datos recientes."
            )
        elif unit.status == "new":
            notes.append(
                f"{unit.code} {unit.name} es un municipio nuevo, creado a partir de "
                f"{unit.parent_code}; fuentes anteriores lo cuentan dentro de ese municipio."
            )
        if scope is not None and unit.department_code != scope:
            notes.append(
                f"El código {unit.code} es de {self._dept_name(unit.department_code)}, no de "
                f"{self._dept_name(scope)}: revise el código o el departamento."
            )
        if _given(name) and name_score(geo.normalise_name(name), unit.key) < 0.75:
            notes.append(
                f"El nombre {name!r} no corresponde a {unit.code} {unit.name}: se usó el código; "
                "revise cuál de los dos es el correcto."
            )
        return PlaceMatch(
            unit.code, "code", [(unit.code, unit.name, 1.0)], " ".join(notes), unit.name
        )

    # ------------------------------------------------------------------ by name
    def _by_name(
        self,
        raw: str,
        units: Mapping[str, _Unit],
        exact: Mapping[str, set[str]],
        *,
        scope: str | None,
        notes: list[str],
        kind: str,
    ) -> PlaceMatch:
        query = geo.normalise_name(raw)
        if not query:
            return PlaceMatch(None, None, [], " ".join([*notes, f"Falta el nombre del {kind}."]))
        in_scope = [u for u in units.values() if scope is None or u.department_code == scope]

        # Exact key (accents, case, punctuation, spaces ignored).
        codes = exact.get(query, set()) | exact.get(query.replace(" ", ""), set())
        hits = [units[c] for c in sorted(codes)]
        scoped = [u for u in hits if scope is None or u.department_code == scope]
        if len(scoped) == 1:
            return self._found(scoped[0], "name", notes)
        if len(scoped) > 1:
            return self._ambiguous(raw, scoped, notes, kind, scope)

        # Same words without connectors, then short forms: the query starts or ends the
        # official name, or the other way round.
        affix = [u for u in in_scope if same_words(query, u.key)] or [
            u for u in in_scope if short_form(query, u.key) or long_form(query, u.key)
        ]
        alias_targets = {
            str(a["municipality_code"])
            for a in self._aliases.get(query, [])
            if scope is None or str(a["department_code"]) == scope
        }
        if len(affix) == 1 and kind == "municipio" and alias_targets - {affix[0].code}:
            others = [
                self.municipalities[c] for c in sorted(alias_targets) if c in self.municipalities
            ]
            return self._ambiguous(
                raw, [affix[0], *others], [*notes, self._alias_note(query)], kind, scope
            )
        if len(affix) == 1:
            return self._found(affix[0], "name", notes)
        if len(affix) > 1:
            return self._ambiguous(raw, affix, notes, kind, scope)

        # Aliases: applied only when status is 'ok' and they point to one place in scope.
        if kind == "municipio" and query in self._aliases:
            aliases = [
                a
                for a in self._aliases[query]
                if scope is None or str(a["department_code"]) == scope
            ]
            ok = {str(a["municipality_code"]) for a in aliases if a.get("status") == "ok"}
            conflicts = [a for a in aliases if a.get("status") != "ok"]
            if len(ok) == 1 and not conflicts and next(iter(ok)) in units:
                return self._found(units[next(iter(ok))], "alias", notes)
            if aliases:
                targets = sorted(
                    {str(a["municipality_code"]) for a in aliases}
                    | {c for a in conflicts for c in _codes_in(str(a.get("note") or ""))}
                )
                named = [units[c] for c in targets if c in units]
                return self._ambiguous(raw, named, [*notes, self._alias_note(query)], kind, scope)

        # Hit outside the department given: say so, do not apply.
        if scope is not None and hits:
            elsewhere = ", ".join(
                f"{u.code} {u.name} ({self._dept_name(u.department_code)})" for u in hits
            )
            return PlaceMatch(
                None,
                None,
                [(u.code, u.name, 1.0) for u in hits],
                " ".join(
                    [
                        *notes,
                        f"{raw!r} no es un {kind} de {self._dept_name(scope)}; existe en: "
                        f"{elsewhere}. Revise el departamento o escriba el código DANE.",
                    ]
                ),
            )

        # Fuzzy suggestions, never applied.
        scored = sorted(
            ((name_score(query, u.key), u) for u in in_scope),
            key=lambda su: (-su[0], su[1].code),
        )
        suggestions = [
            (u.code, u.name, s) for s, u in scored[:5] if s >= FUZZY_CUTOFF * FUZZY_WEIGHT
        ]
        where = f" en {self._dept_name(scope)}" if scope else ""
        if suggestions:
            listed = "; ".join(f"{c} {n}" for c, n, _ in suggestions)
            message = (
                f"No se encontró el {kind} {raw!r}{where}. ¿Quiso decir: {listed}? "
                "No se aplicó: corrija el nombre o escriba el código DANE."
            )
        else:
            message = f"No se encontró el {kind} {raw!r}{where}: escriba el código DANE."
        return PlaceMatch(None, None, suggestions, " ".join([*notes, message]))

    # ------------------------------------------------------------------ helpers
    def _found(self, unit: _Unit, method: str, notes: list[str]) -> PlaceMatch:
        extra = []
        if unit.status == "historical":
            extra.append(
                f"{unit.code} {unit.name} ya no existe: fue integrado a {unit.parent_code}."
            )
        return PlaceMatch(
            unit.code, method, [(unit.code, unit.name, 1.0)], " ".join([*notes, *extra]), unit.name
        )

    def _ambiguous(
        self, raw: str, units: list[_Unit], notes: list[str], kind: str, scope: str | None
    ) -> PlaceMatch:
        seen: dict[str, _Unit] = {}
        for u in units:
            seen.setdefault(u.code, u)
        listed = "; ".join(
            f"{u.code} {u.name} ({self._dept_name(u.department_code)})" for u in seen.values()
        )
        hint = "escriba el código DANE" if scope else "indique el departamento o el código DANE"
        return PlaceMatch(
            None,
            None,
            [(u.code, u.name, 1.0) for u in seen.values()],
            " ".join(
                [*notes, f"{raw!r} puede ser más de un {kind}: {listed}. No se aplicó: {hint}."]
            ),
        )

    def _alias_note(self, query: str) -> str:
        notes = [
            str(a.get("note") or "")
            for a in self._aliases.get(query, [])
            if a.get("status") != "ok"
        ]
        return (
            " ".join(n for n in notes if n)
            or f"La tabla de alias asigna {query!r} a otro municipio."
        )

    def _dept_name(self, code: str | None) -> str:
        unit = self.departments.get(code or "")
        return unit.name if unit else str(code)


def _index(units: Iterable[_Unit]) -> dict[str, set[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for unit in units:
        index[unit.key].add(unit.code)
        index[unit.key.replace(" ", "")].add(unit.code)
    return index


def _given(value: object) -> bool:
    return value is not None and str(value).strip() not in ("", "nan", "None")


def _looks_like_code(value: object) -> bool:
    text = str(value).strip().upper()
    text = text[2:] if text.startswith("CO") else text
    return text.replace(".0", "").isascii() and text.replace(".0", "").isdigit()


def _codes_in(text: str) -> list[str]:
    return re.findall(r"\b\d{5}\b", text)
