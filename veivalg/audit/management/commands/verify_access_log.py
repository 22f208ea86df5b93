"""What an auditor runs: recompute the access log's hash chain and say whether it is whole."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from veivalg.audit import chain
from veivalg.audit.database_roles import rights_over_the_log

WHAT_BROKE = {
    chain.CHANGED: "its content does not match its hash (the entry was changed, or inserted by hand)",
    chain.LINK: "it does not follow the entry before it (entries were removed or inserted before it)",
    chain.TAIL: "the chain head does not match the last entry (entries were removed at the end)",
    chain.HEAD: "the chain head was changed or is missing",
    chain.ANCHOR: "the entry recorded at an earlier check is gone or has another hash (the log was rewritten)",
}


def anchor(value: str) -> tuple[int, str]:
    entry_id, _, entry_hash = value.partition(":")
    if not entry_id.isdigit() or len(entry_hash) != 64:
        raise ValueError(value)
    return int(entry_id), entry_hash.lower()


class Command(BaseCommand):
    help = (
        "Recompute the access log's hash chain. Prints counts and entry ids only, never personal "
        "data; exits with status 1 at the first broken link (a changed, removed or inserted entry)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchor",
            action="append",
            type=anchor,
            default=[],
            metavar="ID:HASH",
            help="an entry id and hash printed by an earlier check, kept outside the database; "
            "fails if that entry is gone or changed (may be given more than once)",
        )
        parser.add_argument(
            "--known-break",
            action="append",
            type=int,
            default=[],
            metavar="ID",
            help="an entry id where a break was found, reported and recorded earlier; counted, "
            "not failed on (may be given more than once)",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, anchor, known_break, database, **options):
        connection = connections[database]
        if connection.vendor == "postgresql":
            rights = rights_over_the_log(connection)
            if rights:
                self.stderr.write(
                    f"Warning: the database role this ran as can change the access log ({', '.join(rights)}). "
                    "The application must connect as a role without these rights; see "
                    "docs/operations/database-roles.md."
                )
        result = chain.verify(using=database, anchors=anchor, known=known_break)
        checked = f"{result.entries} entries checked"
        if result.known_breaks:
            checked += f", {result.known_breaks} known break(s) at the ids given"
        if result.intact:
            state = (
                "no new breaks in the access log chain" if result.known_breaks else "Access log chain intact"
            )
            self.stdout.write(
                f"{state[0].upper()}{state[1:]}: {checked}, last entry id {result.last_entry_id or '-'}."
            )
            if result.last_entry_id:
                self.stdout.write(f"Anchor for the next check: {result.last_entry_id}:{result.last_hash}")
            return
        first = result.breaks[0]
        where = f"entry id {first.entry_id}" if first.entry_id is not None else "the chain head"
        raise CommandError(
            f"Access log chain broken at {where}: {WHAT_BROKE[first.kind]}. "
            f"{result.broken_links} broken link(s); {checked}."
        )
