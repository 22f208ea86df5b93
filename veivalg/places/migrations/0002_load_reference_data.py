"""Load the 15 counties and 357 municipalities (2024 numbering, SSB classification 131)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    from veivalg.places.models import slugify_no

    County = apps.get_model("places", "County")
    Municipality = apps.get_model("places", "Municipality")
    counties = {}
    with open(DATA / "counties.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            counties[row["number"]], _ = County.objects.update_or_create(
                number=row["number"],
                defaults={
                    "name": row["name"],
                    "name_nn": row["name_nn"] or row["name"],
                    "name_sami": row["name_sami"],
                    "sami_language": row["sami_language"],
                },
            )
    with open(DATA / "municipalities.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            Municipality.objects.update_or_create(
                number=row["number"],
                defaults={
                    "name": row["name"],
                    "name_nn": row["name_nn"] or row["name"],
                    "name_sami": row["name_sami"],
                    "sami_language": row["sami_language"],
                    "county": counties[row["county"]],
                    "slug": f"{row['number']}-{slugify_no(row['name'])}",
                },
            )


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
