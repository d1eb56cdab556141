"""Who may see and do what with 5W submissions: one helper per action, nothing else decides.

- national roles (cluster admin, IM officer) see and review everything;
- a LEG coordinator sees reports with lines in the departments of the LEG and validates
  their lines in those departments; a report moves on when every department is validated;
- four eyes: who sent a report neither validates nor approves it, who validated it does not
  approve it, and the cluster admin decides whether who approved it may publish it;
- a locked period freezes every change of its reports (upload, transitions, reopen, copy);
- a partner sees its own organisation's reports and the published ones; it uploads,
  corrects and submits only its own, and only before approval;
- ETC analysts see published reports, and of them only the lines, figures and exports of
  the municipalities their ETC serves (`municipality_etc` in the warehouse, latest year);
  viewers and donors see published aggregates only (reach, dashboards), never the lines of
  a report; anonymous users see nothing.

One module per kind of rule, each saying what it holds: `territory` (an ETC analyst's
municipalities, a LEG's departments), `pages` (who opens which page), `departments` (the
parts of a report to validate), `submissions` (which reports and lines a user sees and
exports, who uploads and edits them), `review` (the workflow steps with four eyes) and
`plans` (planned activities). Callers read every rule here, as `access.<rule>`.
"""

from __future__ import annotations

from trayecto.web.response.access.departments import (
    departments_to_validate,
    pending_departments,
    reviewable_departments,
    validated_departments,
)
from trayecto.web.response.access.pages import (
    NOT_A_REVIEWER,
    NOT_REVIEWER,
    can_edit_reference_lists,
    can_manage_periods,
    can_review,
    can_review_in_bulk,
    can_use_five_w,
    can_view_progress,
    can_view_reference_lists,
    completeness_departments,
    require,
    require_five_w,
    require_review,
)
from trayecto.web.response.access.plans import (
    NOT_YOUR_PLAN,
    can_edit_plan,
    plan_organizations,
    plans_visible_to,
)
from trayecto.web.response.access.review import (
    APPROVER_PUBLISHES,
    LOCKED,
    NOTHING_TO_VALIDATE,
    SUBMITTER_REVIEWS,
    VALIDATOR_APPROVES,
    WORKFLOW_ACTIONS,
    allowed_actions,
    can_approve,
    can_publish,
    can_reject,
    can_reopen,
    can_validate,
    refusals,
    submitted_it,
    validated_it,
    why_not,
)
from trayecto.web.response.access.submissions import (
    EDITABLE,
    LINES_FROZEN,
    NOT_YOURS,
    can_edit,
    can_edit_lines,
    can_export_lines,
    can_submit,
    can_upload,
    exportable_lines,
    get_submission_for_user,
    lines_visible_to,
    partner_organization,
    submissions_visible_to,
    uploadable_organizations,
    with_review_state,
)
from trayecto.web.response.access.territory import (
    NOWHERE,
    etc_municipalities,
    etc_scope,
    leg_departments,
    scoped_filters,
)

__all__ = [
    "APPROVER_PUBLISHES",
    "EDITABLE",
    "LINES_FROZEN",
    "LOCKED",
    "NOTHING_TO_VALIDATE",
    "NOT_A_REVIEWER",
    "NOT_REVIEWER",
    "NOT_YOURS",
    "NOT_YOUR_PLAN",
    "NOWHERE",
    "SUBMITTER_REVIEWS",
    "VALIDATOR_APPROVES",
    "WORKFLOW_ACTIONS",
    "allowed_actions",
    "can_approve",
    "can_edit",
    "can_edit_lines",
    "can_edit_plan",
    "can_edit_reference_lists",
    "can_export_lines",
    "can_manage_periods",
    "can_publish",
    "can_reject",
    "can_reopen",
    "can_review",
    "can_review_in_bulk",
    "can_submit",
    "can_upload",
    "can_use_five_w",
    "can_validate",
    "can_view_progress",
    "can_view_reference_lists",
    "completeness_departments",
    "departments_to_validate",
    "etc_municipalities",
    "etc_scope",
    "exportable_lines",
    "get_submission_for_user",
    "leg_departments",
    "lines_visible_to",
    "partner_organization",
    "pending_departments",
    "plan_organizations",
    "plans_visible_to",
    "refusals",
    "require",
    "require_five_w",
    "require_review",
    "reviewable_departments",
    "scoped_filters",
    "submissions_visible_to",
    "submitted_it",
    "uploadable_organizations",
    "validated_departments",
    "validated_it",
    "why_not",
    "with_review_state",
]
