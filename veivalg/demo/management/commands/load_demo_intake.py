"""Fictional demo data for the intake: offices, staff in each role, and cases in every state.

Every municipality in the demo directory gets an allocation office and a NAV office, each with
its own letter templates (Bærum's allocation office has approved one text of its own and has a
change waiting for review); every demo provider with offers one applies for gets a provider
organisation. Demo staff sign in at
/redaktor/login/ with DEMO_PASSWORD and the demo TOTP key (see README). Demo applicants are
fictional «Demo» people; Ola Demo (the OIDC demo user) gets one case, Emma Demo a draft.
Idempotent: run it again and nothing is doubled.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from veivalg.accounts.identity import identity_hash
from veivalg.accounts.models import Organisation, OrganisationKind, Person, StaffRoleKind
from veivalg.accounts.oidc_mock import DEMO_USERS
from veivalg.accounts.services import add_staff_role
from veivalg.demo.data import directory as demo_data
from veivalg.demo.guard import ensure_demo_data_allowed
from veivalg.demo.staff import demo_password, enrol_demo_device
from veivalg.directory.models import Offer
from veivalg.intake import letter_templates, services
from veivalg.intake.models import Application, Case, LetterTemplateChange
from veivalg.intake.states import PartStatus
from veivalg.places.models import Municipality

# Fictional first names for generated demo applicants; never names from the source documents.
FIRST_NAMES = (
    "Aslak",
    "Birk",
    "Cecilie",
    "Dina",
    "Eirik",
    "Frida",
    "Gaute",
    "Hedda",
    "Ivar",
    "Jenny",
    "Kasper",
    "Linnea",
    "Magne",
    "Nora",
    "Oskar",
    "Pia",
    "Rune",
    "Signe",
    "Tobias",
    "Vilde",
)
# What Bærum's allocation office adds to the national wording (plain bokmål, as in letters).
DEMO_GRANTED = """

## Bli kjent før du begynner
Vi inviterer deg til et møte hos {tilbyder} før du begynner. Ta gjerne med en du stoler på."""
DEMO_REFUSED = """

Vil du snakke med oss om svaret? Ring oss på {telefon}."""
# How far each demo case has come: the moves after submission, in order.
STORIES = (
    (),
    (PartStatus.CLARIFICATION,),
    (PartStatus.READY,),
    (PartStatus.READY, PartStatus.GRANTED),
    (PartStatus.READY, PartStatus.GRANTED, PartStatus.ACCEPTED),
    (PartStatus.READY, PartStatus.WAITING_LIST),
    (PartStatus.READY, PartStatus.REFUSED),
    (PartStatus.CLARIFICATION, PartStatus.READY),
)


class Command(BaseCommand):
    help = "Last inn fiktive demodata for søknader og saksbehandling (kontorer, ansatte, saker)."

    def handle(self, *args, **options):
        ensure_demo_data_allowed()
        with transaction.atomic():
            offices = self.load_offices()
            providers = self.load_providers()
            staff = self.load_staff(offices, providers)
            self.load_letter_templates(offices, staff)
        if not Case.objects.filter(applicant__is_demo=True).exists() and staff:
            self.load_cases(staff)
        self.stdout.write(
            f"Demo-inntak: {Organisation.objects.filter(is_demo=True).count()} virksomheter, "
            f"{Case.objects.filter(applicant__is_demo=True).count()} saker."
        )

    def load_offices(self) -> dict[str, dict[str, Organisation]]:
        offices = {}
        for number in demo_data.MUNICIPALITIES:
            municipality = Municipality.objects.get(number=number)
            offices[number] = {}
            for key, kind, name in (
                (
                    "allocation",
                    OrganisationKind.ALLOCATION_OFFICE,
                    f"Tildelingskontoret i {municipality.name}",
                ),
                ("nav", OrganisationKind.NAV_OFFICE, f"NAV {municipality.name}"),
            ):
                office, _ = Organisation.objects.get_or_create(
                    name=name,
                    kind=kind,
                    defaults={
                        "is_demo": True,
                        "email": f"{key}.{number}@eksempel.no",
                        "phone": "21 00 00 00",
                    },
                )
                office.municipalities.add(municipality)
                offices[number][key] = office
        return offices

    def load_providers(self) -> dict[str, Organisation]:
        providers = {}
        offers = Offer.objects.published().filter(is_demo=True, intake_route__in=["vedtak", "nav"])
        for offer in offers.select_related("organization__municipality"):
            listing = offer.organization
            provider, _ = Organisation.objects.get_or_create(
                name=listing.name,
                kind=OrganisationKind.PROVIDER,
                defaults={"is_demo": True, "provider": listing, "email": listing.email},
            )
            if listing.municipality_id:
                provider.municipalities.add(listing.municipality_id)
            providers[listing.name] = provider
        return providers

    def load_staff(self, offices, providers) -> dict:
        password = demo_password()
        if password is None:
            self.stdout.write(
                self.style.WARNING("Hopper over demoansatte: sett DEMO_PASSWORD når DEBUG er av.")
            )
            return {}
        school, _ = Organisation.objects.get_or_create(
            name="Sandvika videregående skole (demo)",
            kind=OrganisationKind.SCHOOL,
            defaults={"is_demo": True},
        )
        school.municipalities.add(Municipality.objects.get(number="3201"))
        municipality_admin, _ = Organisation.objects.get_or_create(
            name="Bærum kommune (demo)", kind=OrganisationKind.MUNICIPALITY, defaults={"is_demo": True}
        )
        municipality_admin.municipalities.add(Municipality.objects.get(number="3201"))
        baerum = offices["3201"]
        arba = next((p for name, p in sorted(providers.items()) if "Arba" in name), None)
        first_provider = arba or next(iter(sorted(providers.items())), (None, None))[1]
        wanted = [
            ("saksbehandler.baerum", "Siri", "Saksbehandler", StaffRoleKind.CASEWORKER, baerum["allocation"]),
            ("saksbehandler2.baerum", "Tor", "Kollega", StaffRoleKind.CASEWORKER, baerum["allocation"]),
            ("nav.baerum", "Nils", "Veileder", StaffRoleKind.NAV_COUNSELLOR, baerum["nav"]),
            ("radgiver.sandvika", "Rita", "Rådgiver", StaffRoleKind.SCHOOL_COUNSELLOR, school),
            ("analytiker.baerum", "Ada", "Analytiker", StaffRoleKind.ANALYST, municipality_admin),
        ]
        if first_provider is not None:
            wanted.append(("tilbyder.demo", "Tone", "Tilbyder", StaffRoleKind.PROVIDER_STAFF, first_provider))
        User = get_user_model()
        staff = {}
        for username, first, last, role, organisation in wanted:
            user, _ = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": f"{last} (demo)",
                    "email": f"{username}@eksempel.no",
                },
            )
            if not user.check_password(password):
                user.set_password(password)
                user.save(update_fields=["password"])
            add_staff_role(user=user, organisation=organisation, role=role)
            enrol_demo_device(user)
            staff[username] = user
        staff["_school"] = school
        staff["_provider"] = first_provider
        return staff

    def load_letter_templates(self, offices, staff) -> None:
        """Every demo office gets its own letter templates (following the national text until it
        approves one of its own). At Bærum's allocation office one caseworker proposed a text of
        its own for «granted» and the other approved it; a change to «refused» waits for review."""
        for pair in offices.values():
            for office in pair.values():
                letter_templates.office_templates(office)
        baerum = offices["3201"]["allocation"]
        first, second = staff.get("saksbehandler.baerum"), staff.get("saksbehandler2.baerum")
        if (
            first is None
            or second is None
            or LetterTemplateChange.objects.filter(template__office=baerum).exists()
        ):
            return
        own = {
            template.outcome: template
            for template in letter_templates.office_templates(baerum)
            if template.language == "nb"
        }
        title, body = letter_templates.wording(own[PartStatus.GRANTED])
        change = letter_templates.propose_change(
            template=own[PartStatus.GRANTED], title=title, body=body + DEMO_GRANTED, by=first, replacing=None
        )
        letter_templates.approve_change(change=change, by=second)
        title, body = letter_templates.wording(own[PartStatus.REFUSED])
        letter_templates.propose_change(
            template=own[PartStatus.REFUSED], title=title, body=body + DEMO_REFUSED, by=second, replacing=None
        )

    def load_cases(self, staff) -> None:
        baerum = Municipality.objects.get(number="3201")
        offers = list(services.applicable_offers(baerum))
        municipal = [o for o in offers if o.intake_route == "vedtak"]
        nav = [o for o in offers if o.intake_route == "nav"]
        if not municipal or not nav:
            return
        caseworker, counsellor = staff["saksbehandler.baerum"], staff["nav.baerum"]
        today = timezone.localdate()
        for number, first_name in enumerate(FIRST_NAMES):
            person = Person.objects.create(
                display_name=f"{first_name} Demo",
                birth_date=datetime.date(2003 + number % 6, 1 + number % 12, 1 + number % 27),
                is_demo=True,
            )
            chosen = [municipal[number % len(municipal)]]
            if number % 3 == 0:
                chosen.append(nav[number % len(nav)])
            case = self.submit(person, chosen, days_ago=3 + number * 4)
            story = STORIES[number % len(STORIES)]
            for part in case.parts.all():
                handler = caseworker if part.route == "vedtak" else counsellor
                self.play(part, story, handler, chosen, today)
        people = {
            sub: Person.objects.filter(identity_hash=identity_hash(claims["pid"])).first()
            for sub, claims in DEMO_USERS
        }
        if people.get("ola") and not Application.objects.filter(applicant=people["ola"]).exists():
            case = self.submit(people["ola"], [municipal[0], nav[0]], days_ago=20)
            self.play(
                case.parts.get(route="vedtak"),
                (PartStatus.READY, PartStatus.GRANTED),
                caseworker,
                [municipal[0]],
                today,
            )
        if people.get("emma") and not Application.objects.filter(applicant=people["emma"]).exists():
            draft = services.start_application(applicant=people["emma"], started_by=people["emma"])
            services.save_answers(
                application=draft,
                step="kommune",
                answers={"municipality": "3201", "moving_in": False},
                version=draft.version,
            )

    def submit(self, person: Person, chosen: list[Offer], *, days_ago: int) -> Case:
        application = services.start_application(applicant=person, started_by=person)
        application = services.save_answers(
            application=application,
            step="kommune",
            answers={"municipality": "3201", "moving_in": False},
            version=application.version,
        )
        application = services.save_answers(
            application=application,
            step="kontakt",
            answers={"email": f"demo.{person.pk.hex[:8]}@eksempel.no", "phone": "", "language": "nb"},
            version=application.version,
        )
        application = services.set_choices(
            application=application, offers=chosen, version=application.version
        )
        case = services.submit_application(application=application, by=person, missing_steps=[])
        when = timezone.now() - datetime.timedelta(days=days_ago)
        case.parts.update(received_at=when)
        Application.objects.filter(pk=application.pk).update(submitted_at=when)
        return case

    def play(self, part, story, handler, chosen, today) -> None:
        offer = next((o for o in chosen if o.intake_route == part.route), chosen[0])
        for target in story:
            part.refresh_from_db()
            if target in (PartStatus.GRANTED, PartStatus.REFUSED, PartStatus.WAITING_LIST):
                services.decide(
                    part=part,
                    outcome=target,
                    by=handler,
                    offer=offer,
                    start_date=today + datetime.timedelta(days=60) if target == PartStatus.GRANTED else None,
                    days_per_week=5 if target == PartStatus.GRANTED else None,
                    reasons="Demovedtak: behovet er vurdert ut fra søknaden og avklaringen.",
                    legal_basis="Helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6"
                    if part.route == "vedtak"
                    else "Forskrift om arbeidsmarkedstiltak kapittel 14",
                )
            elif target == PartStatus.ACCEPTED:
                services.answer_offer(part=part, accept=True, by=part.case.applicant)
            else:
                services.move_part(part=part, to=target, by=handler, why="Demo")
