"""Background work for intake: the receipt, the PDF copy, decision letters and notices.

Run by the task worker (`manage.py db_worker`), never in the request. E-mails carry no personal
data: a reference number at most, and a link to sign in. A mail server that does not answer
makes the task enqueue itself again with a growing delay, at most `MAX_ATTEMPTS` tries. Logs name
applications and cases by id only.
"""

from __future__ import annotations

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from veivalg.core.files import save_replacing

from .models import Application, Case, Decision

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BACKOFF_MINUTES = (1, 5, 30, 120)


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def contact_address(application: Application) -> str:
    return (application.answer("kontakt", "email") or "").strip()


def contact_language(application: Application) -> str:
    language = application.answer("kontakt", "language") or "nb"
    return language if language in {"nb", "nn", "en"} else "nb"


def _send(message: EmailMessage, retry, *args, attempt: int) -> str:
    try:
        message.send()
    except (OSError, smtplib.SMTPException):
        if attempt >= MAX_ATTEMPTS:
            logger.error("intake mail %s gave up after %s attempts", args, attempt)
            return "failed"
        delay = datetime.timedelta(minutes=BACKOFF_MINUTES[min(attempt, len(BACKOFF_MINUTES)) - 1])
        retry.using(run_after=timezone.now() + delay).enqueue(*args, attempt=attempt + 1)
        logger.warning("intake mail %s failed (attempt %s); retrying", args, attempt)
        return "retrying"
    return "sent"


@task()
def send_receipt(application_id: str, attempt: int = 1) -> str:
    application = Application.objects.filter(pk=application_id).first()
    if application is None or application.is_draft or not contact_address(application):
        return "skipped"
    with translation.override(contact_language(application)):
        message = EmailMessage(
            subject=_("Vi har fått søknaden din (%(reference)s)") % {"reference": application.reference},
            body=render_to_string(
                "intake/email/receipt.txt",
                {"application": application, "url": absolute_url(reverse("intake:my_applications"))},
            ),
            to=[contact_address(application)],
        )
    return _send(message, send_receipt, application_id, attempt=attempt)


@task()
def send_case_notice(case_id: str, attempt: int = 1) -> str:
    """«Du har fått et nytt brev eller en ny melding»: no content, only a link to sign in."""
    case = Case.objects.select_related("application").filter(pk=case_id).first()
    if case is None or not contact_address(case.application):
        return "skipped"
    with translation.override(contact_language(case.application)):
        message = EmailMessage(
            subject=_("Du har fått et nytt brev i Veivalg"),
            body=render_to_string(
                "intake/email/notice.txt",
                {"url": absolute_url(reverse("intake:own_case", kwargs={"case_id": case.pk}))},
            ),
            to=[contact_address(case.application)],
        )
    return _send(message, send_case_notice, case_id, attempt=attempt)


def render_pdf(template: str, context: dict, language: str) -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(template, context)
    return HTML(string=html, base_url=absolute_url("/")).write_pdf(pdf_variant="pdf/ua-1")


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
        language,
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
        pdf = render_pdf("intake/pdf/letter.html", letter_context(decision), decision.language)
        name = save_replacing(decision.letter.storage, _file_name(decision.letter, f"{decision.pk}.pdf"), pdf)
        Decision.objects.filter(pk=decision.pk).update(letter=name, letter_made_at=timezone.now())
    send_case_notice.enqueue(str(decision.part.case_id))
    return "made"
