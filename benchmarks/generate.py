"""Benchmark databases with N generated offers, on SQLite and PostgreSQL.

`ensure_database(kind, n)` (called by run.py) reuses a database whose offer and index counts
match and whose search code has not changed since it was built; otherwise it recreates the
database, migrates it and runs `python -m benchmarks.generate fill N` against it. Filling
uses bulk inserts with the search text computed up front, then modelsearch's `add_bulk` in
batches, so no offer is saved one by one.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PSQL = ["psql", "-h", "127.0.0.1", "-p", "5432", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-qtA"]
BATCH = 2000
# Bump when the generated data changes shape, so cached databases are rebuilt. The word lists
# are part of the fingerprint too. The search code is not: the analysed text in a cached database
# is the one made when it was built (`run.py --rebuild` builds afresh after analyser changes).
GENERATOR_VERSION = "1"


def database_url(kind: str, name: str) -> str:
    if kind == "sqlite":
        return f"sqlite:////tmp/{name}.sqlite3"
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def django_env(url: str, **extra: str) -> dict[str, str]:
    """The environment for a Django process on `url`: production-like, static files by whitenoise."""
    env = {k: v for k, v in os.environ.items() if k not in {"STATIC_MANIFEST", "DJANGO_SETTINGS_MODULE"}}
    # ALLOW_DEMO_DATA: the benchmarks load the demo data into their own databases.
    env.update(
        DATABASE_URL=url,
        DEBUG="false",
        ALLOW_DEMO_DATA="true",
        PYTHONPATH=str(ROOT),
        LOG_LEVEL="ERROR",
        **extra,
    )
    return env


def recreate_database(kind: str, name: str) -> None:
    if kind == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"/tmp/{name}.sqlite3{suffix}").unlink(missing_ok=True)
        return
    subprocess.run([*PSQL, "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'], check=True)
    subprocess.run([*PSQL, "-c", f'CREATE DATABASE "{name}"'], check=True)


def postgres_database_exists(name: str) -> bool:
    out = subprocess.run(
        [*PSQL, "-c", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"], capture_output=True, text=True
    )
    return out.stdout.strip() == "1"


def migrate(url: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=django_env(url), check=True
    )


def fingerprint() -> str:
    digest = hashlib.sha256(GENERATOR_VERSION.encode())
    from benchmarks import vocabulary

    words = {k: v for k, v in vars(vocabulary).items() if k.isupper()}
    digest.update(json.dumps(words, sort_keys=True).encode())
    return digest.hexdigest()[:16]


def _run_json(url: str, *args: str) -> dict:
    out = subprocess.run(
        [PYTHON, "-m", "benchmarks.generate", *args],
        cwd=ROOT,
        env=django_env(url),
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise RuntimeError(f"benchmarks.generate {' '.join(args)} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def ensure_database(kind: str, n: int, log=print, rebuild: bool = False) -> dict:
    """A database with exactly n generated, indexed offers. Returns its URL and what it took.

    Planner statistics are refreshed (ANALYZE) every time: a freshly bulk-loaded table has none,
    and PostgreSQL then picks nested loops that take seconds; a live database has autovacuum.
    """
    name = f"veivalg_bench_{n}"
    url = database_url(kind, name)
    marker = Path(f"/tmp/{name}.{kind}.json")
    exists = Path(f"/tmp/{name}.sqlite3").exists() if kind == "sqlite" else postgres_database_exists(name)
    if (
        not rebuild
        and exists
        and marker.exists()
        and json.loads(marker.read_text()).get("fingerprint") == fingerprint()
    ):
        migrate(url)
        status = _run_json(url, "status")
        if status["offers"] == n and status["indexed"] == n:
            _run_json(url, "analyze")
            log(f"  {kind} {n}: cached ({status['offers']} offers, {status['indexed']} indexed)")
            return {"url": url, "cached": True, **json.loads(marker.read_text())}
    log(f"  {kind} {n}: generating …")
    started = time.perf_counter()
    recreate_database(kind, name)
    migrate(url)
    migrate_seconds = time.perf_counter() - started
    timings = _run_json(url, "fill", str(n))
    timings["analyze_s"] = _run_json(url, "analyze")["analyze_s"]
    facts = {"fingerprint": fingerprint(), "migrate_s": round(migrate_seconds, 1), **timings}
    marker.write_text(json.dumps(facts))
    log(f"  {kind} {n}: {timings}")
    return {"url": url, "cached": False, **facts}


# --- inside the Django process ------------------------------------------------------------


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veivalg.settings")
    import django

    django.setup()


def analyze() -> dict:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {"analyze_s": round(time.perf_counter() - started, 1)}


def status() -> dict:
    from wagtail.search.models import IndexEntry

    from veivalg.directory.models import Offer

    return {"offers": Offer.objects.count(), "indexed": IndexEntry.objects.count()}


class Analyser:
    """The directory's analyser with a cache per text piece: generated texts repeat their sentences."""

    def __init__(self) -> None:
        from veivalg.directory.analysis import analyse, flatten
        from veivalg.directory.search import current_lexicon

        self.lexicon = current_lexicon()
        self._analyse, self._flatten = analyse, flatten
        self.cache: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        if text not in self.cache:
            self.cache[text] = self._flatten(self._analyse(text, self.lexicon))
        return self.cache[text]

    def document(self, pieces: list[str]) -> str:
        return " ".join(self(p) for p in pieces if p)


def fill(n: int) -> dict:
    """Insert n offers (with providers and coverage) and index them. Returns seconds per phase."""
    import datetime

    from django.db import transaction
    from wagtail.search.backends import get_search_backend

    from benchmarks import vocabulary as v
    from veivalg.directory.models import (
        IntakeRoute,
        Offer,
        OfferCoverage,
        OfferKind,
        Organization,
        SearchTerm,
    )
    from veivalg.places.models import Municipality, slugify_no

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    rng = random.Random(n)
    municipalities = list(Municipality.objects.order_by("number"))
    by_county: dict[int, list] = {}
    for m in municipalities:
        by_county.setdefault(m.county_id, []).append(m)
    kinds = list(OfferKind.objects.all())
    analyser = Analyser()
    today = datetime.date.today()

    organizations = []
    for i in range(max(1, n // 8)):
        place = rng.choice(municipalities)
        name = rng.choice(v.ORG_PATTERNS).format(place=place.name, word=rng.choice(v.ORG_WORDS))
        organizations.append(
            Organization(name=name, slug=f"{slugify_no(name)}-{i}", municipality=place, is_demo=True)
        )

    offers, coverage = [], []
    for i in range(n):
        org = rng.choice(organizations)
        place = org.municipality
        kind = rng.choice(kinds)
        fill_in = {"place": place.name, "activity": rng.choice(v.ACTIVITIES), "org": org.name}
        title = rng.choice(v.TITLE_PATTERNS[kind.code]).format(**fill_in)
        title = title[:1].upper() + title[1:]
        sentences = [s.format(**fill_in) for s in v.KIND_SENTENCES[kind.code]]
        common = [s.format(**fill_in) for s in rng.sample(v.COMMON_SENTENCES, 3)]
        eligibility = rng.choice(v.ELIGIBILITY).format(**fill_in)
        apply = rng.choice(v.APPLY).format(**fill_in)
        served = [
            place,
            *rng.sample(by_county[place.county_id], min(rng.randint(0, 2), len(by_county[place.county_id]))),
        ]
        served = list({m.pk: m for m in served}.values())
        status = rng.choices(["active", "inactive", "defunct"], weights=[95, 3, 2])[0]
        offer = Offer(
            organization=org,
            kind=kind,
            area=kind.area,
            title=title,
            slug=f"{slugify_no(title)[:180]}-{i}",
            summary=" ".join([sentences[0], common[0]]),
            description=" ".join(sentences[1:] + common[1:]),
            eligibility=eligibility,
            how_to_apply=apply,
            intake_route=kind.default_intake_route,
            min_age=rng.choice([None, 16, 18]),
            max_age=rng.choice([None, 25, 67]),
            status=status,
            live=rng.random() > 0.03,
            owner_municipality=place,
            review_by=today + datetime.timedelta(days=300),
            is_demo=True,
            rolling_intake=rng.random() > 0.5,
        )
        offer.search_title = analyser(title)
        pieces = [*sentences, *common, eligibility, apply, str(IntakeRoute(kind.default_intake_route).label)]
        pieces += [
            kind.name,
            kind.name_nn,
            kind.name_en,
            kind.code.replace("-", " "),
            kind.get_area_display(),
        ]
        pieces.append(org.name)
        for m in served:
            pieces += [m.name, m.name_nn, m.name_sami]
        offer.search_document = analyser.document(pieces)
        offers.append(offer)
        coverage += [OfferCoverage(offer=offer, municipality=m) for m in served]
    timings["build_s"] = time.perf_counter() - t0

    t1 = time.perf_counter()
    with transaction.atomic():
        Organization.objects.bulk_create(organizations, batch_size=BATCH)
        Offer.objects.bulk_create(offers, batch_size=BATCH)
        OfferCoverage.objects.bulk_create(coverage, batch_size=BATCH)
        terms = {t for o in offers for t in f"{o.search_title} {o.search_document}".split() if len(t) <= 100}
        SearchTerm.objects.bulk_create(
            [SearchTerm(term=t) for t in terms], ignore_conflicts=True, batch_size=BATCH
        )
    timings["insert_s"] = time.perf_counter() - t1

    t2 = time.perf_counter()
    backend = get_search_backend()
    for start in range(0, n, BATCH):
        with transaction.atomic():
            backend.add_bulk(Offer, [o.as_search_document() for o in offers[start : start + BATCH]])
    timings["index_s"] = time.perf_counter() - t2
    return {k: round(s, 1) for k, s in timings.items()} | {"coverage_rows": len(coverage)}


if __name__ == "__main__":
    _setup_django()
    command = sys.argv[1]
    result = (
        {"status": status, "analyze": analyze}[command]() if command != "fill" else fill(int(sys.argv[2]))
    )
    print(json.dumps(result))
