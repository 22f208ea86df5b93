"""Backup and restore as an operator runs them (issue 13, point 10): ops/backup.sh of a
database with a decision letter, ops/restore.sh into a new, empty database and new folders,
and the letter opens from the restored copy."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore")


def _url(settings_dict: dict, name: str) -> str:
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or 5432
    return f"postgres://{settings_dict['USER']}@{host}:{port}/{name}"


@pytest.fixture
def empty_database():
    settings_dict = connection.settings_dict
    name = f"veivalg_restore_{uuid.uuid4().hex[:8]}"
    admin = dict(
        host=settings_dict["HOST"] or "127.0.0.1",
        port=settings_dict["PORT"] or 5432,
        user=settings_dict["USER"],
        dbname="postgres",
        autocommit=True,
    )
    with psycopg.connect(**admin) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    yield _url(settings_dict, name)
    with psycopg.connect(**admin) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _a_decision_with_its_letter():
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    from veivalg.accounts.tests.factories import PersonFactory
    from veivalg.intake.tests import factories as f

    # The migrated rows were just restored with their own ids; a cache filled before (by an
    # earlier transactional test's flush in this process) would point Wagtail's reference index
    # at content types that no longer exist. Fill it again with every model's restored row:
    # between the flush and the restore after this test the cache must know them all, or a
    # lookup then would make a row the restore collides with.
    ContentType.objects.clear_cache()
    ContentType.objects.get_for_models(*apps.get_models(), for_concrete_models=False)
    caseworker = f.caseworker(f.baerum_offices()["allocation"])
    decision = f.granted(PersonFactory(), f.applicable_offers()["activity"], caseworker)
    decision.refresh_from_db()
    assert decision.letter and decision.letter.read(4) == b"%PDF"
    return decision


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restored_backup_opens_the_decision_letter(tmp_path, settings, empty_database):
    decision = _a_decision_with_its_letter()
    backup = tmp_path / "backup"
    environment = {
        **os.environ,
        "DATABASE_URL": _url(connection.settings_dict, connection.settings_dict["NAME"]),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        # Where the letter really is: the storage the model field holds.
        "PRIVATE_MEDIA_ROOT": str(decision.letter.storage.location),
    }
    subprocess.run(["bash", "ops/backup.sh", str(backup)], cwd=ROOT, env=environment, check=True)

    restored = {
        **os.environ,
        "DATABASE_URL": empty_database,
        "MEDIA_ROOT": str(tmp_path / "restored-media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "restored-private"),
        "PYTHON": sys.executable,
    }
    subprocess.run(["bash", "ops/restore.sh", str(backup)], cwd=ROOT, env=restored, check=True)
    opened = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from veivalg.intake.models import Decision; "
            f"print(Decision.objects.get(pk='{decision.pk}').letter.open('rb').read(4).decode())",
        ],
        cwd=ROOT,
        env=restored,
        capture_output=True,
        text=True,
    )
    assert opened.returncode == 0, opened.stderr[-2000:]
    assert opened.stdout.strip().splitlines()[-1] == "%PDF"
