"""Which departments of a report are validated, pending, and reviewed by a user (a report
with lines in two departments is validated when both parts are)."""

from __future__ import annotations

from trayecto.web.accounts.access import Role, User, scope_of
from trayecto.web.response.models import Submission


def validated_departments(submission: Submission) -> set[str]:
    # .all() reads the validations prefetched by with_review_state when there are some
    return {v.department for v in submission.department_validations.all()}


def pending_departments(submission: Submission) -> set[str]:
    """The departments of a submitted report whose lines nobody has validated yet."""
    return submission.department_codes() - validated_departments(submission)


def reviewable_departments(user: User, submission: Submission) -> set[str]:
    """The departments of a report a user reviews: all for national roles, the LEG's own."""
    scope = scope_of(user)
    if scope is None:
        return set()
    if scope.national:
        return submission.department_codes()
    if scope.role != Role.LEG_COORDINATOR:
        return set()
    return submission.department_codes() & scope.department_codes


def departments_to_validate(user: User, submission: Submission) -> set[str]:
    """What a validation by `user` covers now: its departments not yet validated."""
    return reviewable_departments(user, submission) & pending_departments(submission)
