"""Applying: the applicant's (or relative's) pages under /min-side/soknader/, and the school's list
of drafts shared with it under /ansatt/skole/. See views/apply.py."""

from django.urls import path

from .views import apply

A = "min-side/soknader/<uuid:application_id>/"

urlpatterns = [
    path("min-side/soknader/", apply.my_applications, name="my_applications"),
    path("min-side/soknader/ny/", apply.start, name="start"),
    path(f"{A}sjekk/", apply.check, name="check"),
    path(f"{A}send/", apply.submit, name="submit"),
    path(f"{A}kvittering/", apply.receipt, name="receipt"),
    path(f"{A}kopi.pdf", apply.application_pdf, name="application_pdf"),
    path(f"{A}lettlest/", apply.easy_read, name="easy_read"),
    path(f"{A}del-med-skolen/", apply.share_with_school, name="share_with_school"),
    path(f"{A}vedlegg/<uuid:attachment_id>/", apply.attachment, name="attachment"),
    path(f"{A}<slug:step>/", apply.step, name="step"),
    path("ansatt/skole/soknader/", apply.school_drafts, name="school_drafts"),
]
