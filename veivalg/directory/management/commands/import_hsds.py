import json

from django.core.management.base import BaseCommand, CommandError

from veivalg.directory.hsds.importer import ImportRejected, import_records


class Command(BaseCommand):
    help = (
        "Importer tilbud fra en HSDS 3-fil (JSON): en liste med tjenester, eller et objekt med "
        "«organizations» og «services». Alt eller ingenting: finnes det én feil, lagres ingenting, og "
        "hver feil vises som «record <liste>[<nr>] (<id>): <felt>: <årsak>». Regler: hver tilbyder har "
        "kommunenummer i organization_identifiers (identifier_type «Kommunenummer»); hvert sted har en "
        "fysisk adresse med country «NO», firesifret postal_code og kommunenummeret i region; hver tjeneste "
        "har description og nøyaktig én term fra taksonomien veivalg-tilbudstype med kjent kode. "
        "Poster matches på id, så samme fil kan importeres flere ganger."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="JSON-filen som skal importeres")

    def handle(self, *args, path: str, **options):
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
        except OSError as e:
            raise CommandError(f"fil: kan ikke lese {path}: {e.strerror}") from e
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise CommandError(f"fil: ugyldig JSON: {e}") from e
        try:
            result = import_records(data)
        except ImportRejected as e:
            for problem in e.problems:
                self.stderr.write(problem)
            raise CommandError(f"Ingenting ble importert: {len(e.problems)} feil.") from e
        kinds = sorted(set(result.created) | set(result.updated) | set(result.unchanged))
        for kind in kinds:
            self.stdout.write(
                f"{kind}: {result.created.get(kind, 0)} nye, {result.updated.get(kind, 0)} endret, "
                f"{result.unchanged.get(kind, 0)} uendret"
            )
