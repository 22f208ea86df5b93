"""Intake URLs. Applicants under /min-side/soknader/, staff under /ansatt/ (caseworkers, NAV,
providers, schools). Each part of the app keeps its own list."""

from . import urls_apply, urls_case, urls_staff

app_name = "intake"
urlpatterns = [*urls_apply.urlpatterns, *urls_case.urlpatterns, *urls_staff.urlpatterns]
