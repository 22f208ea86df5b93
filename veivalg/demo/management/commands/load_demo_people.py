"""Fictional demo people for the citizen pages: Kari (parent of Emma, verge for Ola) and consents.

Their identity numbers are the synthetic ones `run_oidc_mock` signs in with, so signing in as
"kari" there finds this Kari. Idempotent.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from veivalg.accounts.identity import birth_date, identity_hash
from veivalg.accounts.models import Basis, Consent, Person, Purpose, Relationship
from veivalg.accounts.oidc_mock import DEMO_USERS
from veivalg.accounts.services import add_relationship, give_consent
from veivalg.demo.guard import ensure_demo_data_allowed


class Command(BaseCommand):
    help = "Create the fictional demo people, their relatives and consents."

    @transaction.atomic
    def handle(self, *args, **options):
        ensure_demo_data_allowed()
        people = {}
        for sub, claims in DEMO_USERS:
            number = claims["pid"]
            people[sub], _ = Person.objects.get_or_create(
                identity_hash=identity_hash(number),
                defaults={
                    "display_name": claims["name"],
                    "birth_date": birth_date(number),
                    "is_demo": True,
                },
            )
        kari, ola, emma = people["kari"], people["ola"], people["emma"]
        if not Relationship.objects.filter(relative=kari).exists():
            add_relationship(relative=kari, participant=emma, basis=Basis.PARENT)
            add_relationship(
                relative=kari, participant=ola, basis=Basis.GUARDIAN, mandate="Økonomi og personlige forhold"
            )
        if not Consent.objects.filter(person=ola).exists():
            give_consent(person=ola, purpose=Purpose.COUNSELLOR_CONTACT, scope="Karriereveileder i Bærum")
            give_consent(
                person=ola, purpose=Purpose.SHARE_SCHOOL_INFO, given_by=kari, scope="Praksis fra Sandvika vgs"
            )
        self.stdout.write(f"Demo people: {Person.objects.filter(is_demo=True).count()}")
