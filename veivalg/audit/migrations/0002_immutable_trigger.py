"""On PostgreSQL, refuse UPDATE and DELETE of access-log rows for everyone, raw SQL included.

TRUNCATE is left alone: test databases are emptied with it, and it needs table ownership,
which the application role should not have in production.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_accesslogentry_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'access-log entries cannot be changed or deleted'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_accesslogentry_immutable
    BEFORE UPDATE OR DELETE ON audit_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION audit_accesslogentry_immutable();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_accesslogentry_immutable ON audit_accesslogentry;
DROP FUNCTION IF EXISTS audit_accesslogentry_immutable();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
