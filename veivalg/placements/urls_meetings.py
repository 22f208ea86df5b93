"""Flow meetings in the staff back office: /ansatt/flytmoter/ (views/meetings.py)."""

from django.urls import path

from .views import meetings

urlpatterns = [
    path("ansatt/flytmoter/", meetings.meeting_list, name="meetings"),
    path("ansatt/flytmoter/planlegg/", meetings.plan_meetings, name="plan_meetings"),
    path("ansatt/flytmoter/<uuid:meeting_id>/", meetings.meeting_detail, name="meeting"),
    path("ansatt/flytmoter/<uuid:meeting_id>/saksliste/", meetings.build_agenda, name="build_agenda"),
    path("ansatt/flytmoter/<uuid:meeting_id>/lukk/", meetings.close_meeting, name="close_meeting"),
    path("ansatt/flytmoter/<uuid:meeting_id>/referat.pdf", meetings.minutes_pdf, name="minutes_pdf"),
    path("ansatt/flytmoter/sak/<uuid:item_id>/", meetings.meeting_item, name="meeting_item"),
]
