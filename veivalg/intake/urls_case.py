"""The applicant's own cases (/min-side/saker/), decisions and letters (/ansatt/saker/…), and
the letter templates (/ansatt/brevmaler/)."""

from django.urls import path

from .views import case, decisions, letter_templates

urlpatterns = [
    path("min-side/saker/<uuid:case_id>/", case.own_case, name="own_case"),
    path("min-side/saker/<uuid:case_id>/melding/", case.send_message, name="send_message"),
    path("min-side/saker/del/<uuid:part_id>/svar/", case.answer_offer, name="answer_offer"),
    path("min-side/saker/del/<uuid:part_id>/trekk/", case.withdraw, name="withdraw_part"),
    path("min-side/saker/brev/<uuid:decision_id>/", case.own_letter, name="own_letter"),
    path("ansatt/saker/del/<uuid:part_id>/vedtak/", decisions.decide, name="decide"),
    path("ansatt/saker/vedtak/<uuid:decision_id>/", decisions.decision, name="decision"),
    path("ansatt/saker/vedtak/<uuid:decision_id>/brev/", decisions.staff_letter, name="staff_letter"),
    path("ansatt/brevmaler/", letter_templates.letter_templates, name="letter_templates"),
    path(
        "ansatt/brevmaler/<int:number>/", letter_templates.edit_letter_template, name="edit_letter_template"
    ),
    path(
        "ansatt/brevmaler/<int:number>/godkjenning/",
        letter_templates.review_letter_template,
        name="review_letter_template",
    ),
    path(
        "ansatt/brevmaler/<int:number>/forhandsvisning/",
        letter_templates.preview_letter_template,
        name="preview_letter_template",
    ),
]
