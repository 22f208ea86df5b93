"""The access log's hash chain: whoever can change rows behind the application's back (the table's
owner, who can switch the triggers off) changes, removes or inserts an entry, and the auditor's
`manage.py verify_access_log` names the first broken link and exits non-zero."""

import hashlib
import hmac
import importlib
import os
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from veivalg.audit import chain
from veivalg.audit.models import AccessLogChainHead, AccessLogEntry
from veivalg.audit.services import log_access, log_reads

pytestmark = pytest.mark.django_db

POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith("postgres")


def verify(*args) -> str:
    out, err = StringIO(), StringIO()
    call_command("verify_access_log", *args, stdout=out, stderr=err)
    return out.getvalue()


def broken(*args) -> str:
    with pytest.raises(CommandError) as failure:
        call_command("verify_access_log", *args, stdout=StringIO(), stderr=StringIO())
    return str(failure.value)


def as_table_owner(*statements: tuple[str, list]) -> None:
    """Raw SQL as the table's owner could run it: on PostgreSQL with the immutability trigger
    switched off first (the test's transaction switches it on again when it rolls back)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The test's inserts leave foreign-key checks pending, which ALTER TABLE refuses.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_accesslogentry DISABLE TRIGGER audit_accesslogentry_immutable")
        for sql, params in statements:
            cursor.execute(sql, params)


@pytest.fixture
def entries(participant, guardian, django_user_model):
    """Five entries written the ways the application writes them: one at a time, and a list."""
    staff = django_user_model.objects.create_user("saksbehandler", is_staff=True, first_name="Siri")
    written = [
        log_access(person=participant, actor_name="Vera Verge", role="pårørende (verge)", what="samtykker"),
        log_access(person=participant, actor_user=staff, actor_name="Siri", role="ansatt", what="søknad"),
    ]
    log_reads(user=staff, people_ids=[str(participant.pk), guardian.pk], what="venteliste")
    written.append(log_access(person=guardian, actor_name="Noen", role="ansatt", what="vedtak", why="Klage"))
    assert AccessLogEntry.objects.count() == 5
    return list(AccessLogEntry.objects.order_by("id"))


def test_untouched_log_verifies_and_prints_counts_but_no_personal_data(entries):
    output = verify()
    assert "Access log chain intact: 5 entries checked" in output
    assert f"Anchor for the next check: {entries[-1].pk}:{entries[-1].entry_hash}" in output
    for entry in entries:
        for value in (entry.actor_name, entry.what, entry.why, str(entry.person_id)):
            assert not value or value not in output


def test_each_entry_is_chained_to_the_one_before(entries):
    previous = chain.GENESIS
    for entry in entries:
        assert entry.previous_hash == previous and len(entry.entry_hash) == 64
        previous = entry.entry_hash
    head = AccessLogChainHead.objects.get()
    assert (head.entries, head.last_entry_id, head.last_hash) == (5, entries[-1].pk, previous)


def test_owner_changes_one_entry_text_and_the_check_names_it(entries):
    target = entries[2]
    as_table_owner(("UPDATE audit_accesslogentry SET what = 'ingenting' WHERE id = %s", [target.pk]))
    message = broken()
    assert f"broken at entry id {target.pk}: its content does not match" in message
    assert "1 broken link(s); 5 entries checked" in message


def test_owner_changes_an_entry_and_chains_again_without_the_key_and_is_found(entries, settings):
    """Plain SHA-256 could be computed again by anyone who can write the table; the keyed hash
    cannot be without the application's key."""
    target = entries[1]
    guessed_key = b"the owner does not have the key"
    rows = list(AccessLogEntry.objects.order_by("id").values_list("id", *chain.CHAINED_FIELDS))
    statements, previous = [], chain.GENESIS
    for entry_id, *values in rows:
        if entry_id == target.pk:
            values[chain.CHAINED_FIELDS.index("flagged")] = True
        entry_hash = chain.link(previous, values, guessed_key)
        statements.append(
            (
                "UPDATE audit_accesslogentry SET flagged = %s, previous_hash = %s, entry_hash = %s WHERE id = %s",
                [values[-1], previous, entry_hash, entry_id],
            )
        )
        previous = entry_hash
    head_seal = chain.seal(len(rows), rows[-1][0], previous, guessed_key)
    statements.append(
        ("UPDATE audit_accesslogchainhead SET last_hash = %s, seal = %s", [previous, head_seal])
    )
    as_table_owner(*statements)
    assert f"broken at entry id {entries[0].pk}: its content does not match" in broken()


def test_owner_deletes_one_entry_and_the_check_names_the_next(entries):
    as_table_owner(("DELETE FROM audit_accesslogentry WHERE id = %s", [entries[2].pk]))
    message = broken()
    assert f"broken at entry id {entries[3].pk}: it does not follow the entry before it" in message
    assert "4 entries checked" in message


def test_a_break_recorded_earlier_is_counted_but_a_new_one_fails_again(entries, participant):
    as_table_owner(("DELETE FROM audit_accesslogentry WHERE id = %s", [entries[2].pk]))
    known = str(entries[3].pk)
    output = verify("--known-break", known)
    assert "No new breaks in the access log chain: 4 entries checked, 1 known break(s)" in output
    as_table_owner(("UPDATE audit_accesslogentry SET why = 'x' WHERE id = %s", [entries[0].pk]))
    assert f"broken at entry id {entries[0].pk}: its content does not match" in broken("--known-break", known)


def test_owner_deletes_the_last_entries_and_the_head_gives_it_away(entries):
    as_table_owner(("DELETE FROM audit_accesslogentry WHERE id >= %s", [entries[3].pk]))
    assert f"broken at entry id {entries[-1].pk}: the chain head does not match the last entry" in broken()


def test_owner_empties_the_log_and_the_head_gives_it_away(entries):
    as_table_owner(("DELETE FROM audit_accesslogentry", []))
    assert "the chain head does not match the last entry" in broken()


def test_owner_moves_the_head_back_without_the_key_and_is_found(entries):
    before_last = entries[-2]
    as_table_owner(
        ("DELETE FROM audit_accesslogentry WHERE id = %s", [entries[-1].pk]),
        (
            "UPDATE audit_accesslogchainhead SET entries = 4, last_entry_id = %s, last_hash = %s",
            [before_last.pk, before_last.entry_hash],
        ),
    )
    assert "the chain head was changed or is missing" in broken()


def test_owner_inserts_an_entry_by_hand_and_is_found(entries, participant):
    last = entries[-1]
    as_table_owner(
        (
            "INSERT INTO audit_accesslogentry (person_id, actor_name, role, organisation, action, what, why, "
            "at, flagged, previous_hash, entry_hash) "
            "SELECT person_id, 'Falsk', role, organisation, action, what, why, at, flagged, entry_hash, %s "
            "FROM audit_accesslogentry WHERE id = %s",
            ["f" * 64, last.pk],
        )
    )
    inserted = AccessLogEntry.objects.order_by("-id").first()
    assert f"broken at entry id {inserted.pk}: its content does not match" in broken()


def test_anchor_finds_a_log_rewritten_by_someone_with_the_key(entries):
    """An owner who also has the key can chain a changed log again. The anchor printed by an
    earlier check, kept outside the database, shows it."""
    anchor = verify().rsplit("Anchor for the next check: ", 1)[1].strip()
    rows = list(AccessLogEntry.objects.order_by("id").values_list("id", *chain.CHAINED_FIELDS))
    statements, previous, key = [], chain.GENESIS, chain.chain_key()
    for entry_id, *values in rows:
        if entry_id == entries[0].pk:
            values[chain.CHAINED_FIELDS.index("what")] = "ingenting"
        entry_hash = chain.link(previous, values, key)
        statements.append(
            (
                "UPDATE audit_accesslogentry SET what = %s, previous_hash = %s, entry_hash = %s WHERE id = %s",
                [values[chain.CHAINED_FIELDS.index("what")], previous, entry_hash, entry_id],
            )
        )
        previous = entry_hash
    statements.append(
        (
            "UPDATE audit_accesslogchainhead SET last_hash = %s, seal = %s",
            [previous, chain.seal(len(rows), rows[-1][0], previous, key)],
        )
    )
    as_table_owner(*statements)
    assert "Access log chain intact" in verify()
    assert f"broken at entry id {entries[-1].pk}: the entry recorded at an earlier check" in broken(
        "--anchor", anchor
    )


def test_a_different_key_makes_every_entry_fail(entries, settings):
    settings.ACCESS_LOG_CHAIN_KEY = "another key"
    message = broken()
    assert f"broken at entry id {entries[0].pk}: its content does not match" in message
    assert "6 broken link(s)" in message  # five entries and the head's seal


def test_entries_written_before_the_chain_are_chained_by_the_migration(entries):
    from django.apps import apps

    migration = importlib.import_module("veivalg.audit.migrations.0005_chain_existing_entries")
    as_table_owner(("UPDATE audit_accesslogentry SET previous_hash = '', entry_hash = ''", []))
    AccessLogChainHead.objects.all().delete()
    assert "broken" in broken()
    migration.chain_existing(apps, SimpleNamespace(connection=connection))
    assert "Access log chain intact: 5 entries checked" in verify()
    assert (
        AccessLogEntry.objects.order_by("id").last().entry_hash == AccessLogChainHead.objects.get().last_hash
    )


def test_a_new_database_without_a_head_starts_the_chain(participant):
    AccessLogChainHead.objects.all().delete()
    assert "intact: 0 entries checked" in verify()
    log_access(person=participant, actor_name="Noen", role="ansatt", what="søknad")
    assert "intact: 1 entries checked" in verify()


def test_keyed_hash_covers_the_content_and_the_link():
    values = (
        "b3a1e1d2-0000-4000-8000-000000000001",
        1,
        None,
        "A",
        "r",
        "",
        "read",
        "w",
        "",
        "2026-01-01T12:00:00+01:00",
        False,
    )
    expected = hmac.new(
        b"k",
        chain.GENESIS.encode()
        + b'\n["veivalg-access-log-v1","b3a1e1d2-0000-4000-8000-000000000001","1",null,"A","r","","read","w","",'
        b'"2026-01-01T11:00:00.000000+00:00",false]',
        hashlib.sha256,
    ).hexdigest()
    assert chain.link(chain.GENESIS, values, b"k") == expected
