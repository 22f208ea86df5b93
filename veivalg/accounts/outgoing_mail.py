"""/ansatt/e-post/: the outgoing mail for administrators (issue 13, point 4).

The records live in `veivalg.core` (core may not know accounts, so the page is here). The list
shows failed and queued mail unless the reader picks other states; the address is masked, the
text is not shown. «Send på nytt» puts a failed (or stuck) mail back in the queue through
`core.mail.resend_mail`, which refuses a mail that was sent.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veivalg.core.mail import MailNotResendable, can_be_resent, purpose_label, resend_mail
from veivalg.core.models import MailStatus, OutgoingMail

from .decorators import staff_view

DEFAULT_STATUSES = (MailStatus.FAILED, MailStatus.QUEUED)
PAGE_SIZE = 50


def chosen_statuses(data) -> list[str]:
    """The states to list, from ?status=…; unknown values are ignored, none means the default."""
    chosen = [status for status in MailStatus.values if status in data.getlist("status")]
    return chosen or list(DEFAULT_STATUSES)


def list_url(statuses: list[str]) -> str:
    return f"{reverse('staff:outgoing_mail')}?{urlencode([('status', s) for s in statuses])}"


@staff_view("accounts.manage_outgoing_mail")
def outgoing_mail(request: HttpRequest) -> HttpResponse:
    statuses = chosen_statuses(request.GET)
    mails = OutgoingMail.objects.with_status(statuses).newest_first().select_related("resent_by")
    page = Paginator(mails, PAGE_SIZE).get_page(request.GET.get("side"))
    now = timezone.now()
    rows = [
        {"mail": mail, "label": purpose_label(mail.purpose), "resendable": can_be_resent(mail, now)}
        for mail in page.object_list
    ]
    return render(
        request,
        "accounts/staff/outgoing_mail.html",
        {
            "page": page,
            "rows": rows,
            "statuses": statuses,
            "status_choices": MailStatus.choices,
            "querystring": urlencode([("status", s) for s in statuses]),
        },
    )


@require_POST
@staff_view("accounts.manage_outgoing_mail")
def resend(request: HttpRequest, mail_id) -> HttpResponse:
    try:
        resend_mail(mail_id=mail_id, by_user=request.user)
    except OutgoingMail.DoesNotExist:
        raise Http404 from None
    except MailNotResendable as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("E-posten er lagt i køen igjen og sendes straks."))
    return redirect(list_url(chosen_statuses(request.POST)))
