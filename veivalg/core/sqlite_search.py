"""The SQLite ranking fix; imported only on SQLite (the module below needs its FTS model)."""

from __future__ import annotations

from django.db.models import FloatField, Func
from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend, SQLiteSearchQueryCompiler

TITLE_WEIGHT = 4.0


class WeightedBM25(Func):
    output_field = FloatField()

    def as_sql(self, compiler, connection, function=None, template=None):
        from wagtail.search.models import SQLiteFTSIndexEntry  # exists only on SQLite

        # Columns of the FTS table, in order: autocomplete, body, title.
        return f"bm25({SQLiteFTSIndexEntry._meta.db_table}, 0.0, 1.0, {TITLE_WEIGHT})", []


class WeightedSQLiteSearchQueryCompiler(SQLiteSearchQueryCompiler):
    def _build_rank_expression(self, vectors, config):
        return WeightedBM25()


class WeightedSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = WeightedSQLiteSearchQueryCompiler
