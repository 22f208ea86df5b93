"""On PostgreSQL, refuse TRUNCATE of the access log, as 0002 refuses UPDATE and DELETE.

TRUNCATE fires no row triggers, so this is a statement trigger. It stops a TRUNCATE by anyone
who has the privilege without owning the table, and a TRUNCATE … CASCADE from a table the log
refers to. The owner could still switch it off, which is why production's application role is
not the owner (docs/operations/database-roles.md) and why the chain exists.

Test databases are emptied with TRUNCATE after transactional tests; the root conftest.py switches
this trigger off in the test database only.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_accesslogentry_no_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the access log cannot be emptied'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_accesslogentry_no_truncate
    BEFORE TRUNCATE ON audit_accesslogentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_accesslogentry_no_truncate();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_accesslogentry_no_truncate ON audit_accesslogentry;
DROP FUNCTION IF EXISTS audit_accesslogentry_no_truncate();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_chain_existing_entries")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
