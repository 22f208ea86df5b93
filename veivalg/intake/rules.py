"""Who may see and do what with applications and cases. A refusal answers 404 in the views.

- The applicant, and a relative acting for them, see their own applications and cases. Only
  those who may decide for the applicant (themself, a guardian, a parent while the applicant is
  under 18) start, change, send and withdraw applications, answer offers and write to the
  caseworker; a relative acting on the applicant's consent only looks (accounts.rules).
- Caseworkers (allocation office) and NAV counsellors see every case that has a part at their
  office, and handle the parts of their own office.
- Provider staff see clarifications booked at their provider, not the case.
- A school counsellor helps with a draft the family shared with their school, while the
  applicant's consent to share school information is in force; they cannot submit it.
"""

from __future__ import annotations

import rules

from veivalg.accounts.models import Purpose, StaffRoleKind
from veivalg.accounts.rules import has_role, may_decide, may_see
from veivalg.accounts.services import has_consent, organisations_of

from . import letter_templates, selectors


@rules.predicate
def is_applicant_side(user, application) -> bool:
    """The applicant themself or a relative acting for them (on any basis): may see."""
    return application is not None and may_see.test(user, application.applicant)


@rules.predicate
def decides_for_applicant(user, application) -> bool:
    """The applicant, their guardian, or their parent while they are under 18: may decide."""
    return application is not None and may_decide.test(user, application.applicant)


@rules.predicate
def is_case_applicant_side(user, case) -> bool:
    return case is not None and may_see.test(user, case.applicant)


@rules.predicate
def decides_for_case_applicant(user, case) -> bool:
    return case is not None and may_decide.test(user, case.applicant)


@rules.predicate
def works_at_office_on_case(user, case) -> bool:
    return selectors.may_read_case(user, case)


@rules.predicate
def handles_part(user, part) -> bool:
    return part is not None and user.is_authenticated and selectors.may_handle(user, part)


@rules.predicate
def works_at_provider(user, clarification) -> bool:
    if clarification is None or not user.is_authenticated:
        return False
    return organisations_of(user, StaffRoleKind.PROVIDER_STAFF).filter(pk=clarification.provider_id).exists()


@rules.predicate
def helps_as_school(user, application) -> bool:
    """A school counsellor at the school the draft is shared with, while consent holds."""
    if application is None or not application.is_draft or application.shared_with_school_id is None:
        return False
    school = organisations_of(user, StaffRoleKind.SCHOOL_COUNSELLOR).filter(
        pk=application.shared_with_school_id
    )
    if not school.exists():
        return False
    return has_consent(application.applicant, Purpose.SHARE_SCHOOL_INFO, for_party=school.get().name)


is_case_handler = has_role(StaffRoleKind.CASEWORKER, StaffRoleKind.NAV_COUNSELLOR)

# On a person (the one the citizen pages are about): their list, and starting a new draft.
rules.add_rule("intake.view_own_applications", may_see)
rules.add_rule("intake.apply", may_decide)
# On an application: a relative on consent reads a draft (the check page, its attachments) and
# the receipt, but never changes, shares or sends it.
rules.add_rule("intake.view_application", is_applicant_side | helps_as_school)
rules.add_rule("intake.edit_application", decides_for_applicant | helps_as_school)
rules.add_rule("intake.submit_application", decides_for_applicant)
# On a case: reading it and its letters; answering an offer, withdrawing, writing a message.
rules.add_rule("intake.view_own_case", is_case_applicant_side)
rules.add_rule("intake.decide_own_case", decides_for_case_applicant)
rules.add_rule("intake.use_queue", is_case_handler)
rules.add_rule("intake.view_case", works_at_office_on_case)
rules.add_rule("intake.handle_part", handles_part)
rules.add_rule("intake.use_provider_view", has_role(StaffRoleKind.PROVIDER_STAFF))
rules.add_rule("intake.handle_clarification", works_at_provider)
rules.add_rule("intake.use_school_view", has_role(StaffRoleKind.SCHOOL_COUNSELLOR))
# Letter templates: the list for staff who decide and administrators; each template for its own
# office's staff (the national ones for administrators); a change for anyone who may change the
# template except the one who proposed it.
rules.add_rule(
    "intake.edit_letter_templates",
    has_role(StaffRoleKind.CASEWORKER, StaffRoleKind.NAV_COUNSELLOR, StaffRoleKind.ADMINISTRATOR)
    | rules.is_superuser,
)


@rules.predicate
def edits_letter_template(user, template) -> bool:
    return template is not None and letter_templates.editable_templates(user).filter(pk=template.pk).exists()


@rules.predicate
def reviews_letter_template_change(user, change) -> bool:
    return (
        change is not None
        and change.proposed_by_id != user.pk
        and edits_letter_template.test(user, change.template)
    )


rules.add_rule("intake.edit_letter_template", edits_letter_template)
rules.add_rule("intake.review_letter_template_change", reviews_letter_template_change)
