"""The PostgreSQL roles a production install uses, as SQL (`manage.py print_database_roles_sql`).

An owner role owns the schema and runs the migrations. The application connects as another role
that may read and write the tables, except that the access log only takes SELECT and INSERT:
no UPDATE, DELETE or TRUNCATE, and since it does not own the table it cannot switch the
triggers off either (ALTER TABLE needs ownership). docs/operations/database-roles.md tells the
steps; veivalg/audit/tests/test_database_roles.py runs this SQL and proves what it refuses.
"""

from __future__ import annotations

import re

# Rows are only ever added.
APPEND_ONLY_TABLES = ("audit_accesslogentry",)
# Changed in place by the application (the chain head) but never removed.
NEVER_DELETED_TABLES = ("audit_accesslogchainhead",)

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _name(value: str) -> str:
    """A role, database or schema name, refused unless it is a plain lower-case identifier,
    so it can go into the SQL as it is."""
    if not _IDENTIFIER.match(value):
        raise ValueError(f"not a plain PostgreSQL name (a-z, 0-9, _): {value!r}")
    return value


def create_roles_sql(*, owner: str, app: str) -> list[str]:
    """Once, as a superuser: the two roles. Passwords are set afterwards (psql's \\password),
    so they never stand in a file."""
    owner, app = _name(owner), _name(app)
    return [
        f"CREATE ROLE {owner} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE",
        f"CREATE ROLE {app} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE",
    ]


def create_database_sql(*, owner: str, app: str, database: str) -> list[str]:
    """Once, as a superuser: the database, owned by the owner role; the application may connect."""
    owner, app, database = _name(owner), _name(app), _name(database)
    return [
        f"CREATE DATABASE {database} OWNER {owner}",
        f"REVOKE ALL ON DATABASE {database} FROM PUBLIC",
        f"GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {app}",
    ]


def grants_sql(*, owner: str, app: str, schema: str = "public") -> list[str]:
    """In the database, as the owner role, after every `migrate`: the application's rights on
    every table, then the access log's rights taken back. Running it again changes nothing."""
    owner, app, schema = _name(owner), _name(app), _name(schema)
    statements = [
        f"REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA {schema} TO {app}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {app}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {app}",
        # Tables a later migration makes get the same rights; re-run this to take back the log's.
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} GRANT USAGE, SELECT ON SEQUENCES TO {app}",
    ]
    statements += [
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {schema}.{table} FROM {app}"
        for table in APPEND_ONLY_TABLES
    ]
    statements += [
        f"REVOKE DELETE, TRUNCATE, REFERENCES, TRIGGER ON {schema}.{table} FROM {app}"
        for table in NEVER_DELETED_TABLES
    ]
    return statements


def script(*, owner: str, app: str, database: str, schema: str = "public") -> str:
    """The whole script for psql, in its two parts."""

    def lines(statements: list[str]) -> str:
        return "".join(f"{statement};\n" for statement in statements)

    return (
        "-- Veivalg's database roles (docs/operations/database-roles.md).\n"
        "-- Part 1, once, as a superuser (psql -U postgres):\n"
        + lines(create_roles_sql(owner=owner, app=app))
        + lines(create_database_sql(owner=owner, app=app, database=database))
        + f"-- Then set both passwords: \\password {owner} and \\password {app}\n"
        + "\n"
        + f"-- Part 2, after every migrate, as the owner (psql -U {owner} -d {database}):\n"
        + lines(grants_sql(owner=owner, app=app, schema=schema))
    )


def rights_over_the_log(connection) -> list[str]:
    """What the connected role could do to the access log beyond SELECT and INSERT: own it
    (or be able to become its owner), be a superuser, UPDATE, DELETE, TRUNCATE. Empty when the
    roles are set up as documented; PostgreSQL only."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT r.rolsuper,
                   pg_has_role(current_user, c.relowner, 'MEMBER'),
                   has_table_privilege(current_user, c.oid, 'UPDATE'),
                   has_table_privilege(current_user, c.oid, 'DELETE'),
                   has_table_privilege(current_user, c.oid, 'TRUNCATE')
            FROM pg_class c JOIN pg_roles r ON r.rolname = current_user
            WHERE c.oid = %s::regclass
            """,
            [APPEND_ONLY_TABLES[0]],
        )
        superuser, owner, update, delete, truncate = cursor.fetchone()
    named = {"superuser": superuser, "owner": owner, "UPDATE": update, "DELETE": delete, "TRUNCATE": truncate}
    return [name for name, has in named.items() if has]
