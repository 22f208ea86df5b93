"""Offer kinds and the starting synonym list for search."""

from django.db import migrations


def load(apps, schema_editor):
    from veivalg.directory.reference import OFFER_KINDS
    from veivalg.directory.search_defaults import DEFAULT_SYNONYMS

    OfferKind = apps.get_model("directory", "OfferKind")
    for order, (code, nb, nn, en, area, route, description) in enumerate(OFFER_KINDS):
        OfferKind.objects.update_or_create(
            code=code,
            defaults={
                "name": nb, "name_nn": nn, "name_en": en, "area": area,
                "default_intake_route": route, "description": description, "sort_order": order,
            },
        )
    SearchSynonym = apps.get_model("directory", "SearchSynonym")
    for terms in DEFAULT_SYNONYMS:
        SearchSynonym.objects.get_or_create(terms=terms)


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
