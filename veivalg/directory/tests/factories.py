import datetime

import factory
from django.utils import timezone

from veivalg.directory.models import Location, Offer, OfferCoverage, OfferKind, OfferLocation, Organization
from veivalg.places.models import Municipality


def municipality(number: str) -> Municipality:
    """Reference data is loaded by migration; tests look municipalities up by number."""
    return Municipality.objects.get(number=number)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Testtilbyder {n} AS")
    municipality = factory.LazyFunction(lambda: municipality("3201"))
    email = "post@tilbyder.example"


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Avdeling {n}")
    address = "Storgata 1"
    postal_code = "1337"
    city = "Sandvika"
    municipality = factory.LazyAttribute(lambda o: o.organization.municipality)


class OfferFactory(factory.django.DjangoModelFactory):
    """A live, active offer open to residents of its owner municipality."""

    class Meta:
        model = Offer
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    kind = factory.LazyFunction(lambda: OfferKind.objects.get(code="dagtilbud"))
    title = factory.Sequence(lambda n: f"Testtilbud {n}")
    summary = "Et tilbud for voksne som vil ha noe meningsfullt å gjøre på dagtid."
    intake_route = factory.LazyAttribute(lambda o: o.kind.default_intake_route)
    owner_municipality = factory.LazyAttribute(lambda o: o.organization.municipality)
    review_by = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=180))
    live = True

    @factory.post_generation
    def served(self, create, extracted, **kwargs):
        """served=[(municipality, reserved_places), …]; default: the owner municipality."""
        if not create:
            return
        for item in extracted or [(self.owner_municipality, None)]:
            m, reserved = item if isinstance(item, tuple) else (item, None)
            OfferCoverage.objects.create(offer=self, municipality=m, reserved_places=reserved)
        self.save()  # the search text includes the municipalities served

    @factory.post_generation
    def locations(self, create, extracted, **kwargs):
        if create and extracted:
            for location in extracted:
                OfferLocation.objects.create(offer=self, location=location)
            self.save()
