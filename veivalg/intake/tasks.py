"""Background work for intake: the receipt, the PDF copy, decision letters and notices.

Run by the task worker (`manage.py db_worker`), never in the request. E-mails carry no personal
data: a reference number at most, and a link to sign in. They go through `core.mail`: each is
recorded, a mail server that does not answer makes it try again later, and after the last try
administrators see it on /ansatt/e-post/ and can send it again. Logs name applications and cases
by id only.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import TaskContext, task

from veivalg.core.files import save_replacing
from veivalg.core.mail import register_purpose, related_id, send_recorded, task_key
from veivalg.core.pdf import render_pdf

from .models import Application, ApplicationStatus, Case, Decision

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def contact_address(application: Application) -> str:
    return (application.answer("kontakt", "email") or "").strip()


def contact_language(application: Application) -> str:
    language = application.answer("kontakt", "language") or "nb"
    return language if language in {"nb", "nn", "en"} else "nb"


def register_mail_purposes() -> None:
    """Called from apps.py: what administrators see on the outgoing-mail page, and when a mail
    waiting for another try is no longer wanted."""
    register_purpose(
        "intake.receipt",
        label=gettext_lazy("Kvittering for søknad"),
        still_wanted=_application_still_submitted,
    )
    register_purpose(
        "intake.case_notice", label=gettext_lazy("Varsel om nytt brev i saken"), still_wanted=_case_exists
    )


def _application_still_submitted(mail) -> bool:
    ident = related_id(mail, "application")
    return (
        bool(ident) and Application.objects.filter(pk=ident).exclude(status=ApplicationStatus.DRAFT).exists()
    )


def _case_exists(mail) -> bool:
    ident = related_id(mail, "case")
    return bool(ident) and Case.objects.filter(pk=ident).exists()


@task()
def send_receipt(application_id: str, attempt: int = 1) -> str:
    """One receipt per application. `attempt` is accepted from retries queued before the mail
    record existed, and not used."""
    application = Application.objects.filter(pk=application_id).first()
    if application is None or application.is_draft or not contact_address(application):
        return "skipped"
    language = contact_language(application)
    with translation.override(language):
        message = EmailMessage(
            subject=_("Vi har fått søknaden din (%(reference)s)") % {"reference": application.reference},
            body=render_to_string(
                "intake/email/receipt.txt",
                {"application": application, "url": absolute_url(reverse("intake:my_applications"))},
            ),
            to=[contact_address(application)],
        )
    return send_recorded(
        message,
        purpose="intake.receipt",
        key=f"application:{application.pk}",
        related=f"application:{application.pk}",
        language=language,
    )


@task(takes_context=True)
def send_case_notice(context: TaskContext, case_id: str, attempt: int = 1, about: str = "") -> str:
    """«Du har fått et nytt brev eller en ny melding»: no content, only a link to sign in.

    A case gets a notice for every letter or message: one record per `about` («decision:<id>»)
    when the caller names what it is about, else one per task run."""
    case = Case.objects.select_related("application").filter(pk=case_id).first()
    if case is None or not contact_address(case.application):
        return "skipped"
    language = contact_language(case.application)
    with translation.override(language):
        message = EmailMessage(
            subject=_("Du har fått et nytt brev i Veivalg"),
            body=render_to_string(
                "intake/email/notice.txt",
                {"url": absolute_url(reverse("intake:own_case", kwargs={"case_id": case.pk}))},
            ),
            to=[contact_address(case.application)],
        )
    return send_recorded(
        message,
        purpose="intake.case_notice",
        key=about or task_key(context),
        related=f"case:{case.pk}",
        language=language,
    )


def _file_name(field_file, filename: str) -> str:
    """The one name a task's file has (the field's upload_to folder and a fixed file name)."""
    return field_file.field.generate_filename(field_file.instance, filename)


@task()
def make_application_pdf(application_id: str) -> str:
    """A PDF copy of the submitted application, for the applicant and the offices."""
    from .steps import summary

    application = Application.objects.filter(pk=application_id).first()
    if application is None or application.is_draft:
        return "skipped"
    language = contact_language(application)
    with translation.override(language):
        rows = summary(application)
    pdf = render_pdf(
        "intake/pdf/application.html",
        {"application": application, "rows": rows, "made_at": timezone.now()},
        language=language,
    )
    name = save_replacing(
        application.pdf.storage, _file_name(application.pdf, f"{application.reference}.pdf"), pdf
    )
    Application.objects.filter(pk=application.pk).update(pdf=name)
    return "made"


@task()
def make_decision_letter(decision_id: str) -> str:
    """Make the decision letter (PDF) and tell the applicant there is a new letter."""
    from .letters import letter_context

    decision = (
        Decision.objects.select_related("part__case__application", "part__office", "offer")
        .filter(pk=decision_id)
        .first()
    )
    if decision is None:
        return "skipped"
    if not decision.letter:
        pdf = render_pdf("intake/pdf/letter.html", letter_context(decision), language=decision.language)
        name = save_replacing(decision.letter.storage, _file_name(decision.letter, f"{decision.pk}.pdf"), pdf)
        Decision.objects.filter(pk=decision.pk).update(letter=name, letter_made_at=timezone.now())
    # Named by the decision, so a second run of this task does not tell the applicant twice.
    send_case_notice.enqueue(str(decision.part.case_id), about=f"decision:{decision.pk}")
    return "made"
