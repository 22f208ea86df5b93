"""Staff back office: case work for the allocation office and NAV under /ansatt/saker/, the
provider's bookings under /ansatt/tilbyder/."""

from django.urls import path

from .views import provider, staff

urlpatterns = [
    path("ansatt/saker/", staff.queue, name="queue"),
    path("ansatt/saker/oversikt/", staff.overview, name="overview"),
    path("ansatt/saker/samordning/", staff.coordination, name="coordination"),
    path("ansatt/saker/<uuid:case_id>/", staff.case_detail, name="case_detail"),
    path("ansatt/saker/del/<uuid:part_id>/status/", staff.move, name="move"),
    path("ansatt/saker/del/<uuid:part_id>/saksbehandler/", staff.assign, name="assign"),
    path("ansatt/saker/del/<uuid:part_id>/merknad/", staff.note, name="note"),
    path("ansatt/saker/del/<uuid:part_id>/avklaring/", staff.book_clarification, name="book_clarification"),
    path("ansatt/tilbyder/", provider.clarifications, name="provider_clarifications"),
    path("ansatt/tilbyder/avklaring/<uuid:clarification_id>/", provider.clarification, name="clarification"),
]
