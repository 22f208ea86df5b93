"""Print the SQL that makes production's database roles (docs/operations/database-roles.md)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from veivalg.audit import database_roles


class Command(BaseCommand):
    help = (
        "Print the SQL for PostgreSQL roles: an owner that runs the migrations, and an application "
        "role that may only add to and read the access log. --grants prints only the part to run "
        "as the owner after every migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument("--owner", default="veivalg_owner", help="the role that owns the schema")
        parser.add_argument("--app", default="veivalg_app", help="the role the application connects as")
        parser.add_argument("--database", default="", help="the database (default: the configured one)")
        parser.add_argument("--schema", default="public")
        parser.add_argument("--grants", action="store_true", help="only the grants (part 2)")

    def handle(self, *args, owner, app, database, schema, grants, **options):
        configured = settings.DATABASES["default"]
        if not database:
            database = configured["NAME"] if "postgresql" in configured["ENGINE"] else "veivalg"
        try:
            if grants:
                sql = "".join(
                    f"{statement};\n"
                    for statement in database_roles.grants_sql(owner=owner, app=app, schema=schema)
                )
            else:
                sql = database_roles.script(owner=owner, app=app, database=str(database), schema=schema)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(sql, ending="")
