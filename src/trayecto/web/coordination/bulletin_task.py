"""The monthly bulletins on a schedule (django-tasks): on the 15th of each month the
national bulletin and one per LEG workspace are issued as PDF for the month just reported
(its 5W was due on the 10th, its LEG reports five days later) and archived; the task then
queues itself for the next month. The database backend runs it (`trayecto serve` starts a
worker; production runs `db_worker`, docs/deploy.md). `bulletins_schedule()` starts the
chain once; running it again does not queue a second one."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import default_task_backend, task

from trayecto.domain.five_w_monitoring import month_to_report
from trayecto.warehouse import engine
from trayecto.web.coordination.bulletin import bulletin_issue
from trayecto.web.coordination.bulletin_sections import BulletinScope
from trayecto.web.coordination.models import Workspace

ISSUE_DAY = 15
ISSUE_HOUR = 6  # Bogotá time, before the working day


def next_issue(today: date) -> datetime:
    """The next 15th at 06:00 Bogotá (today's, if it has not passed)."""
    year, month = today.year, today.month
    if today.day >= ISSUE_DAY:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    moment = datetime.combine(date(year, month, ISSUE_DAY), time(ISSUE_HOUR))
    return timezone.make_aware(moment).astimezone(UTC)


def issue_monthly(period: str) -> list[dict[str, Any]]:
    """The national bulletin and every workspace's, as PDF, archived; their figures
    computed on settings.TRAYECTO_ENGINE (a batch task may run on Spark)."""
    issued = []
    for department in ["", *Workspace.objects.values_list("department_code", flat=True)]:
        with engine.using(settings.TRAYECTO_ENGINE):
            record = bulletin_issue(
                BulletinScope(period, department), "pdf", user=None, source="task"
            )
        issued.append(
            {"department": department or None, "archive_id": record.pk, "bytes": record.size,
             "manifest_version": record.manifest_version}
        )  # fmt: skip
    return issued


@task()
def monthly_bulletins(period: str = "") -> dict[str, Any]:
    today = timezone.localdate()
    month = period or month_to_report(today)
    issued = issue_monthly(month)
    following = None
    if not period:  # the scheduled run queues the next one; a manual run does not
        following = bulletins_schedule(after=today)
    return {"period": month, "issued": issued, "next": following}


def bulletins_schedule(*, after: date | None = None) -> str | None:
    """Queue the next scheduled run (when the backend can defer tasks); its time, ISO."""
    if not default_task_backend.supports_defer:
        return None
    when = next_issue(after or timezone.localdate())
    from django_tasks_db.models import DBTaskResult

    pending = DBTaskResult.objects.filter(
        task_path=monthly_bulletins.module_path, status="READY", run_after=when
    )
    if not pending.exists():
        monthly_bulletins.using(run_after=when).enqueue()
    return when.isoformat()
