"""Messages on a case: from the applicant's side to the offices, and an office's reply (the
applicant is told by e-mail, without the text)."""

from __future__ import annotations

from django.db import transaction

from veivalg.accounts.models import Person
from veivalg.audit.services import actor_name
from veivalg.core.tasks import enqueue_with_change

from ..models import Case, CaseEvent, CasePart


@transaction.atomic
def send_message(*, case: Case, text: str, by: Person) -> CaseEvent:
    """A message from the applicant (or someone acting for them) to the offices on the case."""
    return CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.MESSAGE_IN, actor_name=by.name, text=text)


@transaction.atomic
def reply(*, case: Case, part: CasePart, text: str, by) -> CaseEvent:
    event = CaseEvent.objects.create(
        case=case,
        part=part,
        kind=CaseEvent.Kind.MESSAGE_OUT,
        actor_user=by,
        actor_name=actor_name(by),
        text=text,
    )
    from ..tasks import send_case_notice

    enqueue_with_change(send_case_notice, str(case.pk))
    return event
