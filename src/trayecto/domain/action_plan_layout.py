"""The action plan workbook (docs/formats/action-plan.md): one sheet «Acciones», headers in
row 1, one action per row from row 2. Export writes it, import reads it back."""

from __future__ import annotations

SHEET = "Acciones"
UPDATES_SHEET = "Avances"  # written for reading; the import ignores it
HEADER_ROW = 1

# field, header in the file, required
COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("code", "Código", True),
    ("title", "Acción", True),
    ("description", "Descripción", False),
    ("lead", "Organización líder", True),
    ("supporting", "Organizaciones de apoyo", False),
    ("department", "Departamento", False),
    ("etc_code", "ETC", False),
    ("municipality", "Municipio", False),
    ("start_date", "Inicio", True),
    ("due_date", "Fin", True),
    ("status", "Estado", False),
    ("indicator", "Indicador", False),
    ("unit", "Unidad", False),
    ("baseline", "Línea de base", False),
    ("target", "Meta", False),
    ("progress", "Avance", False),
    ("progress_date", "Fecha del avance", False),
)
HEADERS = {field: header for field, header, _ in COLUMNS}
ORGANIZATION_SEPARATORS = (";", ",")
