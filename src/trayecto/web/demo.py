"""`trayecto demo`: official sources, demo organisations and one login per role.

Everything created here is marked as demo (`Organization.is_demo`), and the home page says
so. The demo passwords are printed on purpose: they only open a laptop demo. Running the
demo again is harmless: imports are idempotent and accounts are upserted.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console

from trayecto import paths
from trayecto.importers import fetch, registry
from trayecto.importers.synthetic_sedes import generate_synthetic_sedes
from trayecto.importers.synthetic_students import load_synthetic_students
from trayecto.warehouse import Warehouse
from trayecto.web.accounts.models import Membership, Organization
from trayecto.web.accounts.services import member_upsert, organization_upsert
from trayecto.web.coordination.demo import load_coordination_demo
from trayecto.web.emergencies.demo import load_emergencies_demo
from trayecto.web.needs.demo import load_needs_demo
from trayecto.web.response.demo import load_five_w_demo

Role = Membership.Role
Type = Organization.Type

DEMO_ORGANIZATIONS: tuple[tuple[str, str, str], ...] = (
    # code, name, type
    ("unicef", "UNICEF Colombia", Type.UN),
    ("immap", "iMMAP Colombia", Type.INGO),
    ("nrc", "Consejo Noruego para Refugiados (NRC)", Type.INGO),
    ("fundacion-camino-escolar", "Fundación Camino Escolar (ONG nacional ficticia)", Type.NGO),
    ("sed-norte-de-santander", "Secretaría de Educación de Norte de Santander", Type.GOVERNMENT),
    ("echo", "ECHO – Protección Civil y Ayuda Humanitaria de la UE", Type.DONOR),
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    organization: str
    department_codes: tuple[str, ...] = ()
    etc_code: str = ""
    scope: str = field(default="", compare=False)


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin("admin-demo", "trayecto-admin", Role.CLUSTER_ADMIN, "unicef", scope="nacional"),
    DemoLogin("im-demo", "trayecto-im", Role.IM_OFFICER, "immap", scope="nacional"),
    # One LEG per department: a partner working in both is validated by both (four eyes).
    DemoLogin(
        "gel-demo",
        "trayecto-gel",
        Role.LEG_COORDINATOR,
        "nrc",
        department_codes=("81",),
        scope="Arauca (81)",
    ),
    DemoLogin(
        "gel-nds-demo",
        "trayecto-gel-nds",
        Role.LEG_COORDINATOR,
        "unicef",
        department_codes=("54",),
        scope="Norte de Santander (54)",
    ),
    DemoLogin(
        "etc-demo",
        "trayecto-etc",
        Role.ETC_ANALYST,
        "sed-norte-de-santander",
        etc_code="3801",
        scope="ETC Norte de Santander (3801)",
    ),
    DemoLogin(
        "socio-demo",
        "trayecto-socio",
        Role.PARTNER,
        "fundacion-camino-escolar",
        scope="Fundación Camino Escolar",
    ),
    DemoLogin("donante-demo", "trayecto-donante", Role.VIEWER, "echo", scope="solo lectura"),
)


def demo_accounts_create() -> dict[str, Any]:
    """The demo organisations and one login per role (upserts: safe to run again)."""
    organizations = {
        code: organization_upsert(code=code, name=name, type=kind, is_demo=True)
        for code, name, kind in DEMO_ORGANIZATIONS
    }
    for login in DEMO_LOGINS:
        member_upsert(
            username=login.username,
            password=login.password,
            organization=organizations[login.organization],
            role=login.role,
            department_codes=login.department_codes,
            etc_code=login.etc_code,
        )
    return {
        "organizations": [
            {"code": o.code, "name": o.name, "type": o.type, "is_demo": o.is_demo}
            for o in organizations.values()
        ],
        "logins": [asdict(login) for login in DEMO_LOGINS],
    }


def load_demo(*, mirror: Path | None, console: Console) -> dict[str, Any]:
    """Load what the demo shows; running it again is harmless (imports are idempotent)."""
    files = fetch.fetch_all(paths.sources_dir(), mirror=mirror, console=console)
    # The Chocó 2026 list is not an official source (fetch_all leaves it out): the demo brings
    # it from the mirror and imports it into its event, not into the warehouse.
    affected = fetch.fetch_mirrored(
        "affected-schools", paths.sources_dir(), mirror=mirror, console=console
    )
    warehouse = Warehouse.for_root(paths.warehouse_dir())
    reports = []
    for source_id, path in files.items():
        report = registry.get(source_id).load_function()(path, warehouse, dry_run=False)
        console.print(
            f"{source_id}: {report.rows_imported} rows imported, {report.rows_rejected} rejected"
        )
        reports.append(report.as_dict())
    # Demo data, each labelled as such where it is shown: synthetic sedes that add up to
    # MEN's 2025 municipal totals, then three months of 5W reports from the demo partners.
    synthetic = generate_synthetic_sedes(warehouse)
    console.print(f"synthetic sedes: {synthetic.rows_imported} rows (SYNTHETIC, not real data)")
    students = [r.as_dict() for r in load_synthetic_students(warehouse)]  # SINTÉTICO, 7 depts
    accounts = demo_accounts_create()
    five_w = load_five_w_demo(warehouse)
    coordination = load_coordination_demo()
    return {
        "imports": reports,
        "synthetic_sedes": synthetic.as_dict(),
        "synthetic_students": students,
        **accounts,
        **five_w,
        **coordination,
        **load_emergencies_demo(warehouse, affected),
        **load_needs_demo(warehouse),
    }
