"""Intake rounds and deadlines: when the main intake closes and whether an application is late.

The round for year Y is for places starting in the autumn of Y. Its deadline is 1 February Y
(or what the municipality set for Y in `IntakeDeadline`; the default is
settings.INTAKE_DEFAULT_DEADLINE). Applications from 1 August the year before up to the
deadline are on time; from the deadline to 31 July they are accepted and marked late; from
1 August they belong to the next round. People moving into the municipality are never late.
NAV's kinds have rolling intake: no round, never late.

`is_late(application, day)` is the one late-application rule; `round_for(municipality, day)`
gives a municipality's own deadline and target date for answers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings

ROUND_OPENS = (8, 1)  # 1 August: the next round begins


@dataclass(frozen=True)
class Round:
    year: int
    deadline: datetime.date
    answer_by: datetime.date

    def is_late(self, day: datetime.date) -> bool:
        return day > self.deadline


def round_for(municipality, day: datetime.date) -> Round:
    """The municipal intake round an application made on `day` belongs to."""
    year = day.year if day < datetime.date(day.year, *ROUND_OPENS) else day.year + 1
    return _round(municipality, year)


def _round(municipality, year: int) -> Round:
    from .models import IntakeDeadline

    row = None
    if municipality is not None:
        row = IntakeDeadline.objects.filter(municipality=municipality, year=year).first()
    if row is not None:
        return Round(year, row.deadline, row.answer_by)
    return Round(
        year,
        datetime.date(year, *settings.INTAKE_DEFAULT_DEADLINE),
        datetime.date(year, *settings.INTAKE_DEFAULT_ANSWER_BY),
    )


def is_late(application, day: datetime.date) -> bool:
    """Whether `application`, sent on `day`, comes after the deadline: only what the
    municipality decides (route vedtak) has a deadline, the one of the application's
    municipality for the round `day` belongs to, and it never applies to someone moving in."""
    from .models import Route

    if application.answer("kommune", "moving_in"):
        return False
    if not application.choices.filter(route=Route.VEDTAK).exists():
        return False
    return round_for(application.municipality, day).is_late(day)


def nav_answer_due(day: datetime.date) -> datetime.date:
    """Rolling intake: NAV aims to answer within INTAKE_NAV_ANSWER_DAYS."""
    return day + datetime.timedelta(days=settings.INTAKE_NAV_ANSWER_DAYS)
