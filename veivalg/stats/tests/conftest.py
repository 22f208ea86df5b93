"""A small world for the statistics, with numbers one can count by hand (years 2022–2023).

Bærum: a day-activity offer (10 places) and a VTA offer (20 places from 2023). Seven people in
day activity from August 2021; three of them move to VTA on 1 March 2023 (a transition). Two
young people (born 2003) start day activity on 15 August 2023; with four more of their age they
applied in the 2023 round. Five people wait for VTA from June 2022; two leave after 365 days.
Bergen: six people in its own day-activity offer (8 places) from 2022.
"""

import datetime

import pytest
from django.utils import timezone

from veivalg.accounts.models import Organisation, OrganisationKind, Person, StaffRoleKind
from veivalg.directory.models import OfferKind
from veivalg.directory.tests.factories import OfferFactory, OrganizationFactory, municipality
from veivalg.intake.models import Application, ApplicationStatus
from veivalg.intake.tests.factories import staff_user
from veivalg.placements.models import Capacity, Placement, WaitingListEntry

D = datetime.date


ADULT = D(1990, 1, 1)


def people(n: int, born=ADULT, prefix="P"):
    return Person.objects.bulk_create(
        [Person(display_name=f"{prefix} {i}", birth_date=born, is_demo=True) for i in range(n)]
    )


@pytest.fixture
def world(db):
    baerum, bergen = municipality("3201"), municipality("4601")
    day = OfferKind.objects.get(code="dagtilbud")
    vta = OfferKind.objects.get(code="vta")
    day_offer = OfferFactory(kind=day, organization=OrganizationFactory(municipality=baerum, name="Gården"))
    vta_offer = OfferFactory(
        kind=vta, organization=OrganizationFactory(municipality=baerum, name="Verkstedet")
    )
    bergen_offer = OfferFactory(
        kind=day, organization=OrganizationFactory(municipality=bergen, name="Fjellet")
    )
    Capacity.objects.create(offer=day_offer, starts_on=D(2020, 1, 1), places=10)
    Capacity.objects.create(offer=vta_offer, starts_on=D(2023, 1, 1), places=20)
    Capacity.objects.create(offer=bergen_offer, starts_on=D(2020, 1, 1), places=8)

    def place(person, offer, where, starts_on, ends_on=None):
        return Placement(
            person=person,
            offer=offer,
            municipality=where,
            starts_on=starts_on,
            ends_on=ends_on,
            days_per_week=5,
        )

    adults = people(7, prefix="Voksen")
    movers, stayers = adults[:3], adults[3:]
    rows = [place(p, day_offer, baerum, D(2021, 8, 1), D(2023, 2, 28)) for p in movers]
    rows += [place(p, vta_offer, baerum, D(2023, 3, 1)) for p in movers]
    rows += [place(p, day_offer, baerum, D(2021, 8, 1)) for p in stayers]
    young = people(6, born=D(2003, 4, 1), prefix="Ung")
    rows += [place(p, day_offer, baerum, D(2023, 8, 15)) for p in young[:2]]
    rows += [place(p, bergen_offer, bergen, D(2022, 1, 1)) for p in people(6, prefix="Bergenser")]
    Placement.objects.bulk_create(rows)

    nav = Organisation.objects.create(name="NAV Bærum", kind=OrganisationKind.NAV_OFFICE)
    nav.municipalities.add(baerum)
    waiting = people(5, prefix="Venter")
    WaitingListEntry.objects.bulk_create(
        [
            WaitingListEntry(
                person=p,
                offer=vta_offer,
                kind=vta,
                municipality=baerum,
                office=nav,
                since=D(2022, 6, 1),
                left_on=D(2023, 6, 1) if i < 2 else None,
                left_reason="granted" if i < 2 else "",
            )
            for i, p in enumerate(waiting)
        ]
    )
    submitted = timezone.make_aware(datetime.datetime(2023, 1, 20, 12))
    for i, p in enumerate(young):
        Application.objects.create(
            applicant=p,
            municipality=baerum,
            status=ApplicationStatus.SUBMITTED,
            reference=f"TEST{i:04d}",
            submitted_at=submitted,
            round_year=2023,
            answers={"skole": {"adapted_education": "ja" if i < 5 else "nei"}},
        )
    administration = Organisation.objects.create(name="Bærum kommune", kind=OrganisationKind.MUNICIPALITY)
    administration.municipalities.add(baerum)
    return {
        "baerum": baerum,
        "bergen": bergen,
        "day": day,
        "vta": vta,
        "analyst": staff_user("analytiker", StaffRoleKind.ANALYST, administration),
        "nav_counsellor": staff_user("navveileder", StaffRoleKind.NAV_COUNSELLOR, nav),
        "provider_staff": staff_user(
            "tilbyder",
            StaffRoleKind.PROVIDER_STAFF,
            Organisation.objects.create(name="Gården AS", kind=OrganisationKind.PROVIDER),
        ),
    }
