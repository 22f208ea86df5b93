"""A PDF task that runs again replaces its file instead of leaving the old one behind
(issue 13, point 9: re-runs after a killed worker left 37 orphan files outside retention)."""

import os

import pytest

from veivalg.accounts.tests.factories import PersonFactory
from veivalg.intake.models import Application, Decision
from veivalg.intake.tasks import make_application_pdf, make_decision_letter

from . import factories as f

pytestmark = pytest.mark.django_db


def _files_named(storage, folder: str, stem: str) -> list[str]:
    if not storage.exists(folder):
        return []
    return [name for name in storage.listdir(folder)[1] if name.startswith(stem)]


def test_the_application_copy_made_three_times_is_one_file():
    f.baerum_offices()
    case = f.submitted_case(PersonFactory(), [f.applicable_offers()["activity"]])
    application = Application.objects.get(pk=case.application_id)
    for _ in range(3):
        make_application_pdf.call(str(application.pk))
    application.refresh_from_db()
    folder = os.path.dirname(application.pdf.name)
    assert _files_named(application.pdf.storage, folder, application.reference) == [
        os.path.basename(application.pdf.name)
    ]


def test_a_letter_written_by_a_killed_run_is_replaced_not_doubled():
    caseworker = f.caseworker(f.baerum_offices()["allocation"])
    decision = f.granted(PersonFactory(), f.applicable_offers()["activity"], caseworker)
    make_decision_letter.call(str(decision.pk))  # the first run (after the commit, in the worker)
    decision.refresh_from_db()
    storage, name = decision.letter.storage, decision.letter.name
    assert name
    # The worker was killed after writing the file and before saving the row: the row has no
    # letter, the file is there. The re-queued task runs again.
    Decision.objects.filter(pk=decision.pk).update(letter="", letter_made_at=None)
    make_decision_letter.call(str(decision.pk))
    decision.refresh_from_db()
    assert decision.letter.name == name and decision.letter.read(4) == b"%PDF"
    assert _files_named(storage, os.path.dirname(name), str(decision.pk)) == [os.path.basename(name)]
