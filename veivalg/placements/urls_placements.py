"""Places, capacity and waiting lists for staff (/ansatt/plasser/), and the participant's own
places and wishes for change (/min-side/plasser/)."""

from django.urls import path

from .views import own, placements

urlpatterns = [
    path("ansatt/plasser/", placements.capacity, name="capacity"),
    path("ansatt/plasser/ny/", placements.new_placement, name="new_placement"),
    path("ansatt/plasser/tilbud/<slug:slug>/", placements.offer, name="offer"),
    path("ansatt/plasser/tilbud/<slug:slug>/kapasitet/", placements.set_capacity, name="set_capacity"),
    path("ansatt/plasser/plassering/<uuid:placement_id>/", placements.placement, name="placement"),
    path(
        "ansatt/plasser/plassering/<uuid:placement_id>/onske/",
        placements.placement_wish,
        name="placement_wish",
    ),
    path("ansatt/plasser/venteliste/", placements.waiting_lists, name="waiting_lists"),
    path("ansatt/plasser/venteliste/<uuid:entry_id>/", placements.waiting_entry, name="waiting_entry"),
    path("min-side/plasser/", own.own, name="own"),
    path("min-side/plasser/onske/", own.wish, name="wish"),
    path("min-side/plasser/onske/<uuid:wish_id>/trekk/", own.withdraw_wish, name="withdraw_wish"),
]
