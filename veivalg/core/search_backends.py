"""modelsearch's SQLite backend with a ranking that orders well.

FTS5's bm25() scores the whole row against the whole MATCH expression (lower is better). The
stock backend combines one bm25() per sub-query as if they were independent: for AND it
multiplies (1 + score) terms, which turns good (very negative) scores positive and ranks the
best rows last. Here the rank is one bm25() call with column weights instead: the title column
counts `TITLE_WEIGHT` times the body. PostgreSQL's backend ranks correctly and is used as it is.
"""

from __future__ import annotations


def SearchBackend(params):  # noqa: N802 - the name modelsearch looks up in a backend module
    """The database backend for the current database, with the SQLite ranking fixed."""
    from django.db import connection
    from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend

    backend = DatabaseSearchBackend(params)
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        from .sqlite_search import WeightedSQLiteSearchBackend

        if type(backend) is SQLiteSearchBackend:
            return WeightedSQLiteSearchBackend(params)
    return backend
