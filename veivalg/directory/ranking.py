"""Ranked full-text queries straight against modelsearch's index tables.

modelsearch keeps the index (its tables, triggers and GIN indexes); this module only reads it.
Its generic query compiler ranks by re-running the match once per result row (a correlated
subquery), which takes seconds at 100,000 offers. Here one statement matches, filters, ranks
and pages: SQLite FTS5 with a weighted bm25(), PostgreSQL with ts_rank over the GIN-indexed
title and body vectors. Other engines (OpenSearch) go through modelsearch's own search.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import QuerySet, UUIDField

TITLE_WEIGHT = 4.0
# Counting every match of a word most offers share costs more than the page itself; beyond
# this the page says "more than N" (as search engines do) and pages stop there.
MAX_COUNT = 1000
# Beyond MAX_COUNT matches, the ranking scores this many title matches and this many others.
CANDIDATES = 1000

# A query: groups that must all match; each group holds alternatives (a token, or a tuple of
# tokens that must all be present).
Groups = list[list]


def supported() -> bool:
    from django.conf import settings

    backend = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]
    return connection.vendor in {"sqlite", "postgresql"} and backend in {
        "veivalg.core.search_backends",
        "wagtail.search.backends.database",
        "modelsearch.backends.database",
    }


def _fts5(groups: Groups, all_groups: bool, title_only: bool = False) -> str:
    def term(alternative) -> str:
        if isinstance(alternative, tuple):
            return "(" + " AND ".join(f'"{t}"' for t in alternative) + ")"
        return f'"{alternative}"'

    parts = ["(" + " OR ".join(term(a) for a in group) + ")" for group in groups]
    columns = "{title}" if title_only else "{body title}"
    return columns + ": (" + (" AND " if all_groups else " OR ").join(parts) + ")"


def _tsquery(groups: Groups, all_groups: bool) -> str:
    def term(alternative) -> str:
        if isinstance(alternative, tuple):
            return "(" + " & ".join(alternative) + ")"
        return alternative

    parts = ["(" + " | ".join(term(a) for a in group) + ")" for group in groups]
    return (" & " if all_groups else " | ").join(parts)


@dataclass
class RankedResults:
    """Offers matching the groups, best first; sliceable and countable, for Paginator."""

    groups: Groups
    queryset: QuerySet
    all_groups: bool = True

    unfiltered: bool = False  # the queryset is everything the index holds (published offers)
    more_than_counted: bool = False

    def _base(self, title_only: bool = False) -> tuple[str, list]:
        content_type = ContentType.objects.get_for_model(self.queryset.model).pk
        allowed_sql, allowed_params = self.queryset.order_by().values("pk").query.sql_with_params()
        if connection.vendor == "sqlite":
            sql = (
                "FROM wagtailsearch_indexentry_fts JOIN wagtailsearch_indexentry e "
                "ON e.id = wagtailsearch_indexentry_fts.rowid "
                "WHERE wagtailsearch_indexentry_fts MATCH %s AND e.content_type_id = %s "
            )
            params = [_fts5(self.groups, self.all_groups, title_only=title_only), content_type]
            if not self.unfiltered:
                sql += f"AND e.object_id IN ({allowed_sql})"
                params += allowed_params
            return sql, params
        sql = (
            "FROM wagtailsearch_indexentry e, to_tsquery('simple', %s) q "
            "WHERE e.content_type_id = %s AND "
            + ("e.title @@ q " if title_only else "(e.title @@ q OR e.body @@ q) ")
        )
        params = [_tsquery(self.groups, self.all_groups), content_type]
        if not self.unfiltered:
            if self._uuid_keys():
                sql += f"AND e.object_id::uuid IN (SELECT allowed.pk FROM ({allowed_sql}) allowed)"
            else:
                sql += f"AND e.object_id IN (SELECT allowed.pk::text FROM ({allowed_sql}) allowed)"
            params += allowed_params
        return sql, params

    def count(self) -> int:
        """The number of matches, up to MAX_COUNT + 1 (then 'more than MAX_COUNT')."""
        if hasattr(self, "_count"):
            return self._count
        sql, params = self._base()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM (SELECT 1 {sql} LIMIT %s) matches", [*params, MAX_COUNT + 1]
            )
            matches = cursor.fetchone()[0]
        self.more_than_counted = matches > MAX_COUNT
        self._count = min(matches, MAX_COUNT)
        return self._count

    def ranked_ids(self, offset: int, limit: int) -> list[str]:
        sql, params = self._base()
        if connection.vendor == "sqlite":
            score = f"bm25(wagtailsearch_indexentry_fts, 0.0, 1.0, {TITLE_WEIGHT})"
            order = "score ASC"  # bm25 is lower for better matches
            key = "wagtailsearch_indexentry_fts.rowid"
        else:
            score = f"ts_rank(e.title, q) * e.title_norm * {TITLE_WEIGHT} + ts_rank(e.body, q)"
            order = "score DESC"
            key = "e.id"
        # PostgreSQL only: there ts_rank scores every match, so bound the set; SQLite's FTS5
        # ranks quickly in its own index, and the candidate subquery makes it much slower.
        if connection.vendor == "postgresql" and self.count() and self.more_than_counted:
            # A word most texts share: rank a bounded set of candidates, those with the words in
            # the title first, instead of scoring every match (the page says "more than N").
            title_sql, title_params = self._base(title_only=True)
            sql += (
                f"AND {key} IN (SELECT id FROM (SELECT {key} AS id {title_sql} LIMIT %s) by_title "
                f"UNION SELECT id FROM (SELECT {key} AS id {sql} LIMIT %s) by_any) "
            )
            params = [*params, *title_params, CANDIDATES, *params, CANDIDATES]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.object_id, {score} AS score {sql} ORDER BY {order}, e.object_id LIMIT %s OFFSET %s",
                [*params, limit, offset],
            )
            return [row[0] for row in cursor.fetchall()]

    def __getitem__(self, item):
        if isinstance(item, int):
            return self[item : item + 1][0]
        start = item.start or 0
        stop = item.stop if item.stop is not None else start + 10_000
        ids = self.ranked_ids(start, max(stop - start, 0))
        pk_field = self.queryset.model._meta.pk
        objects = self.queryset.filter(pk__in=[pk_field.to_python(i) for i in ids])
        by_key = {_key(obj.pk): obj for obj in objects}
        return [by_key[i] for i in ids if i in by_key]

    def _uuid_keys(self) -> bool:
        return isinstance(self.queryset.model._meta.pk, UUIDField)

    def __iter__(self):
        return iter(self[0:])

    def __len__(self) -> int:
        return self.count()


def _key(pk) -> str:
    # The index stores a UUID key as SQLite stores it (hex) or as PostgreSQL prints it (dashed).
    if isinstance(pk, uuid.UUID):
        return pk.hex if connection.vendor == "sqlite" else str(pk)
    return str(pk)
