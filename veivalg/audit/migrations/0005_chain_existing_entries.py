"""Chain the entries written before the chain existed, in id order, and write the head.

On PostgreSQL the immutability trigger refuses UPDATE, so it is switched off for this one
transaction (the migration runs as the table's owner) and on again before the commit; the
ALTER TABLE also keeps writers out until then, so nothing is appended mid-way.
"""

from django.db import migrations

from veivalg.audit import chain

BATCH = 5000
UPDATE = "UPDATE audit_accesslogentry SET previous_hash = %s, entry_hash = %s WHERE id = %s"
# PostgreSQL: one statement per batch (row by row took 5.5 minutes for a million entries).
UPDATE_BATCH = """
UPDATE audit_accesslogentry AS entry SET previous_hash = new.previous_hash, entry_hash = new.entry_hash
FROM unnest(%s::text[], %s::text[], %s::bigint[]) AS new(previous_hash, entry_hash, id)
WHERE entry.id = new.id
"""


def chain_existing(apps, schema_editor):
    Entry = apps.get_model("audit", "AccessLogEntry")
    Head = apps.get_model("audit", "AccessLogChainHead")
    connection = schema_editor.connection
    alias = connection.alias
    key = chain.chain_key()
    postgresql = connection.vendor == "postgresql"
    running, count, after = chain.GENESIS, 0, 0
    with connection.cursor() as cursor:
        if postgresql:
            cursor.execute("ALTER TABLE audit_accesslogentry DISABLE TRIGGER audit_accesslogentry_immutable")
        while True:
            rows = list(
                Entry.objects.using(alias)
                .filter(id__gt=after)
                .order_by("id")
                .values_list("id", *chain.CHAINED_FIELDS)[:BATCH]
            )
            if not rows:
                break
            updates = []
            for entry_id, *values in rows:
                entry_hash = chain.link(running, values, key)
                updates.append((running, entry_hash, entry_id))
                running = entry_hash
            if postgresql:
                cursor.execute(UPDATE_BATCH, [list(column) for column in zip(*updates, strict=True)])
            else:
                cursor.executemany(UPDATE, updates)
            count += len(rows)
            after = rows[-1][0]
        if postgresql:
            cursor.execute("ALTER TABLE audit_accesslogentry ENABLE TRIGGER audit_accesslogentry_immutable")
    Head.objects.using(alias).update_or_create(
        pk=chain.HEAD_ID,
        defaults={
            "entries": count,
            "last_entry_id": after or None,
            "last_hash": running,
            "seal": chain.seal(count, after or None, running, key),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_access_log_chain")]

    # Backwards, 0004 drops the columns and the head; nothing to undo here.
    operations = [migrations.RunPython(chain_existing, migrations.RunPython.noop, elidable=False)]
