"""The intake cast: offices, staff in each role, offers one can apply for, drafts and cases."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone

from veivalg.accounts.models import Organisation, OrganisationKind, StaffRoleKind
from veivalg.accounts.services import add_staff_role
from veivalg.directory.models import OfferKind
from veivalg.directory.tests.factories import OfferFactory, OrganizationFactory, municipality
from veivalg.intake import services
from veivalg.intake.models import Application


def office(kind: str, name: str, *numbers: str, provider=None) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        name=name, kind=kind, defaults={"provider": provider}
    )
    organisation.municipalities.add(*[municipality(n) for n in numbers])
    return organisation


def baerum_offices() -> dict[str, Organisation]:
    return {
        "allocation": office(OrganisationKind.ALLOCATION_OFFICE, "Tildelingskontoret i Bærum", "3201"),
        "nav": office(OrganisationKind.NAV_OFFICE, "NAV Bærum", "3201"),
    }


def staff_user(username: str, role: str, organisation: Organisation, **names):
    user = get_user_model().objects.create_user(username, password="x" * 20, **names)
    add_staff_role(user=user, organisation=organisation, role=role)
    return user


def caseworker(organisation: Organisation, username: str = "saksbehandler"):
    return staff_user(
        username, StaffRoleKind.CASEWORKER, organisation, first_name="Siri", last_name="Saksbehandler"
    )


def nav_counsellor(organisation: Organisation, username: str = "navveileder"):
    return staff_user(
        username, StaffRoleKind.NAV_COUNSELLOR, organisation, first_name="Nils", last_name="NAV"
    )


def provider_office(name: str = "Arbeidssenteret AS", number: str = "3201") -> Organisation:
    listing = OrganizationFactory(name=name, municipality=municipality(number))
    return office(OrganisationKind.PROVIDER, name, number, provider=listing)


def applicable_offers(number: str = "3201") -> dict:
    """A municipal day-activity offer (vedtak) and a VTA offer (NAV) in the municipality."""
    activity = OfferFactory(
        kind=OfferKind.objects.get(code="dagtilbud"),
        organization=OrganizationFactory(municipality=municipality(number)),
        title="Dagtilbud på Gården",
    )
    vta = OfferFactory(
        kind=OfferKind.objects.get(code="vta"),
        organization=OrganizationFactory(municipality=municipality(number)),
        title="Varig tilrettelagt arbeid på Verkstedet",
    )
    return {"activity": activity, "vta": vta}


COMPLETE_ANSWERS = {
    "kommune": {"municipality": "3201", "moving_in": False},
    "kontakt": {"email": "soker@eksempel.no", "phone": "", "language": "nb"},
}


def draft(applicant, *, offers=(), answers=None, by=None) -> Application:
    """A draft with the given offers chosen and (by default) the answers every kind needs."""
    application = services.start_application(applicant=applicant, started_by=by or applicant)
    for step, values in (COMPLETE_ANSWERS if answers is None else answers).items():
        application = services.save_answers(
            application=application, step=step, answers=values, version=application.version
        )
    if offers:
        application = services.set_choices(
            application=application, offers=list(offers), version=application.version
        )
    return application


def submitted_case(applicant, offers, *, when=None):
    application = draft(applicant, offers=offers)
    case = services.submit_application(application=application, by=applicant, missing_steps=[])
    if when is not None:
        case.parts.update(received_at=when)
    return case


def granted(applicant, offer, caseworker):
    """A case for `offer` at the caseworker's office, granted (a vedtak with a start date)."""
    import datetime

    from veivalg.intake.states import PartStatus

    case = submitted_case(applicant, [offer])
    part = services.move_part(part=case.parts.get(), to=PartStatus.READY, by=caseworker)
    return services.decide(
        part=part,
        outcome=PartStatus.GRANTED,
        by=caseworker,
        reasons="Behovet er dokumentert.",
        legal_basis="Helse- og omsorgstjenesteloven § 3-2",
        offer=offer,
        start_date=datetime.date(2027, 8, 16),
        days_per_week=5,
    )


def now():
    return timezone.now()
