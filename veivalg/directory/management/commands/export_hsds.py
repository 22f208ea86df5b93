import json

from django.core.management.base import BaseCommand

from veivalg.directory.hsds.importer import export_records


class Command(BaseCommand):
    help = (
        "Eksporter alle tilbydere (med steder) og alle publiserte tilbud som HSDS 3-JSON: et objekt med "
        "«organizations» og «services», samme format som import_hsds leser. Uten PATH, eller med «-», "
        "skrives til standard ut."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default="-", help="filen det skal skrives til, eller -")

    def handle(self, *args, path: str, **options):
        text = json.dumps(export_records(), ensure_ascii=False, indent=2) + "\n"
        if path == "-":
            self.stdout.write(text, ending="")
            return
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        self.stderr.write(f"Skrev {path}")
