"""Placements URLs: staff under /ansatt/plasser/ and /ansatt/flytmoter/, participants under
/min-side/plasser/. Each part keeps its own list."""

from . import urls_meetings, urls_placements

app_name = "placements"
urlpatterns = [*urls_placements.urlpatterns, *urls_meetings.urlpatterns]
