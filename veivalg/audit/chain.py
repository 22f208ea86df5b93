"""The access log's hash chain: every entry carries a keyed hash of its content and of the entry
before it, and one head row carries the end of the chain.

Why a keyed hash (HMAC-SHA-256 with settings.ACCESS_LOG_CHAIN_KEY) and not plain SHA-256: the
one who can change rows despite the trigger is whoever owns the table. With a plain hash they
could change an entry and compute the chain again from there, and the chain would still look
whole. The key lives with the application servers, not in the database, so a database owner
without it cannot make a changed log verify. The key must never change (see settings.py).

Order: the chain follows the entries' ids. Writers take the head row's lock before they insert,
so ids (from the table's sequence, assigned at INSERT, one at a time) grow in chain order.

The head row records how many entries the chain has, the last entry's id and hash, and a seal
(a keyed hash of those). Removing entries at the end, or emptying the table, leaves a head that
no longer matches, and a database owner cannot write a matching seal without the key.

The format is frozen: changing what goes into a hash makes every existing entry fail
`verify_access_log`. A new format needs a new version string and a way to tell them apart.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

FORMAT = "veivalg-access-log-v1"
GENESIS = "0" * 64
HEAD_ID = 1
# The entry's fields that its hash covers, in this order (attribute names: ids, not objects).
CHAINED_FIELDS = (
    "person_id",
    "actor_user_id",
    "actor_person_id",
    "actor_name",
    "role",
    "organisation",
    "action",
    "what",
    "why",
    "at",
    "flagged",
)


def chain_key() -> bytes:
    return settings.ACCESS_LOG_CHAIN_KEY.encode()


def _text(value) -> str | None:
    return None if value is None else str(value)


def _instant(value) -> str:
    """The moment in UTC to the microsecond, as both databases store it."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if timezone.is_naive(value):
        # As Django saves a naive datetime with USE_TZ: in the default time zone.
        value = timezone.make_aware(value, timezone.get_default_timezone())
    return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def canonical(values: Sequence) -> bytes:
    """One entry's content (values in CHAINED_FIELDS order) as bytes, the same whichever
    database it was read from: ids as text (UUIDs with dashes), the time in UTC."""
    (
        person_id,
        actor_user_id,
        actor_person_id,
        actor_name,
        role,
        organisation,
        action,
        what,
        why,
        at,
        flagged,
    ) = values
    content = [
        FORMAT,
        _text(person_id),
        _text(actor_user_id),
        _text(actor_person_id),
        str(actor_name),
        str(role),
        str(organisation),
        str(action),
        str(what),
        str(why),
        _instant(at),
        bool(flagged),
    ]
    return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()


def link(previous_hash: str, values: Sequence, key: bytes) -> str:
    """The hash of an entry: its content chained to the hash of the entry before it."""
    message = previous_hash.encode() + b"\n" + canonical(values)
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def seal(entries: int, last_entry_id: int | None, last_hash: str, key: bytes) -> str:
    message = f"{FORMAT}:head:{entries}:{last_entry_id or ''}:{last_hash}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def values_of(entry) -> tuple:
    """An unsaved entry's chained values as the database will give them back: a related id
    given as text (a UUID from a form or a session) becomes the key's own type."""
    values = []
    for name in CHAINED_FIELDS:
        value = getattr(entry, name)
        model_field = entry._meta.get_field(name.removesuffix("_id"))
        if model_field.is_relation and value is not None:
            value = model_field.target_field.to_python(value)
        values.append(value)
    return tuple(values)


def empty_head_values(key: bytes) -> dict:
    return {"entries": 0, "last_entry_id": None, "last_hash": GENESIS, "seal": seal(0, None, GENESIS, key)}


# Plain SQL for the head: it runs on every write, and the ORM's query building cost more than
# the statements themselves.
LOCK_HEAD = "SELECT entries, last_hash FROM audit_accesslogchainhead WHERE id = %s FOR UPDATE"
READ_HEAD = "SELECT entries, last_hash FROM audit_accesslogchainhead WHERE id = %s"
TAKE_WRITE_LOCK = "UPDATE audit_accesslogchainhead SET entries = entries WHERE id = %s"
MOVE_HEAD = "UPDATE audit_accesslogchainhead SET entries = %s, last_entry_id = %s, last_hash = %s, seal = %s WHERE id = %s"


def _locked_head(cursor, connection) -> tuple[int, str]:
    """(entries, last hash) of the head row, locked until the transaction ends; the row is made
    if it is missing (a new or flushed database). Missing while entries exist, the new chain
    starts again from GENESIS and the verification reports the break."""
    from .models import AccessLogChainHead

    for _ in range(2):
        if connection.features.has_select_for_update:
            cursor.execute(LOCK_HEAD, [HEAD_ID])
        else:
            # SQLite: write first, so the database's write lock is taken before the head is read.
            # A writer that read first and then waited would fail on its stale snapshot.
            cursor.execute(TAKE_WRITE_LOCK, [HEAD_ID])
            cursor.execute(READ_HEAD, [HEAD_ID])
        row = cursor.fetchone()
        if row is not None:
            return row
        AccessLogChainHead.objects.using(connection.alias).bulk_create(
            [AccessLogChainHead(pk=HEAD_ID, **empty_head_values(chain_key()))], ignore_conflicts=True
        )
    raise RuntimeError("the access-log chain head could not be made")


@contextlib.contextmanager
def appending(entries: Sequence, *, using: str) -> Iterator[None]:
    """Chain new entries and update the head in one transaction with their INSERT, which the
    caller makes inside the block. The head's lock is held until the outermost transaction
    commits, so a caller that logs inside a long transaction should log last."""
    key = chain_key()
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        count, previous = _locked_head(cursor, connection)
        for entry in entries:
            entry.previous_hash = previous
            entry.entry_hash = previous = link(previous, values_of(entry), key)
        yield
        last_id = max(entry.pk for entry in entries)
        count += len(entries)
        cursor.execute(MOVE_HEAD, [count, last_id, previous, seal(count, last_id, previous, key), HEAD_ID])


# --- verification ---------------------------------------------------------------------------------


CHANGED = "changed"  # the entry's content or hash does not match: changed, or inserted by hand
LINK = "link"  # the entry does not follow the one before: entries removed or inserted between
TAIL = "tail"  # the head does not match the last entry: entries removed at the end, or emptied
HEAD = "head"  # the head itself was changed (its seal does not match), or is missing
ANCHOR = "anchor"  # an entry recorded at an earlier check is gone or has another hash


@dataclass
class Break:
    kind: str
    entry_id: int | None


@dataclass
class Verification:
    entries: int = 0
    last_entry_id: int | None = None
    last_hash: str = GENESIS
    breaks: list[Break] = field(default_factory=list)
    broken_links: int = 0
    # Breaks already found, reported and recorded (entry ids); counted, not failed on.
    known: frozenset[int] = frozenset()
    known_breaks: int = 0

    @property
    def intact(self) -> bool:
        return self.broken_links == 0

    def add(self, kind: str, entry_id: int | None) -> None:
        if entry_id in self.known:
            self.known_breaks += 1
            return
        self.broken_links += 1
        if len(self.breaks) < 10:
            self.breaks.append(Break(kind, entry_id))


def verify(
    *,
    using: str = "default",
    anchors: Iterable[tuple[int, str]] = (),
    known: Iterable[int] = (),
    batch: int = 5000,
) -> Verification:
    """Recompute the whole chain in id order and compare its end with the head, in one
    consistent snapshot (a repeatable-read transaction on PostgreSQL) while writers go on."""
    from .models import AccessLogChainHead, AccessLogEntry

    key = chain_key()
    expected = dict(anchors)
    result = Verification(known=frozenset(known))
    connection = connections[using]
    # Only as the transaction's first statement (not inside a caller's transaction, as in tests).
    repeatable_read = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic(using=using):
        if repeatable_read:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        head = AccessLogChainHead.objects.using(using).filter(pk=HEAD_ID).first()
        entries = AccessLogEntry.objects.using(using).order_by("id")
        columns = ("id", "previous_hash", "entry_hash", *CHAINED_FIELDS)
        running = GENESIS
        after = 0
        while True:
            rows = list(entries.filter(id__gt=after).values_list(*columns)[:batch])
            if not rows:
                break
            for entry_id, previous_hash, entry_hash, *values in rows:
                if previous_hash != running:
                    result.add(LINK, entry_id)
                if link(previous_hash, values, key) != entry_hash:
                    result.add(CHANGED, entry_id)
                if entry_id in expected and expected.pop(entry_id) != entry_hash:
                    result.add(ANCHOR, entry_id)
                # Go on from the hash as stored: one changed entry is one break, not all after it.
                running = entry_hash
                result.entries += 1
            after = result.last_entry_id = rows[-1][0]
        result.last_hash = running
    for entry_id in expected:
        result.add(ANCHOR, entry_id)
    if head is None:
        if result.entries:
            result.add(HEAD, None)
        return result
    if head.seal != seal(head.entries, head.last_entry_id, head.last_hash, key):
        result.add(HEAD, head.last_entry_id)
    elif (head.last_entry_id, head.last_hash) != (result.last_entry_id, result.last_hash):
        # Not the count: an entry removed in the middle is already a broken link, and a count
        # that stays short would make that one break fail every later check.
        result.add(TAIL, head.last_entry_id)
    return result
