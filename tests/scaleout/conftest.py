"""The scale-out job runs only when asked (`SCALEOUT=1`) and when PostgreSQL (127.0.0.1:5432)
and Redis (127.0.0.1:6379) answer; otherwise every test here is skipped at once, so the normal
`make test` run collects this folder and moves on. See README.md, «Operations»."""

from __future__ import annotations

import os

import pytest

from .cluster import postgres_reachable, redis_reachable, running_cluster


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    ours = [item for item in items if str(item.fspath).startswith(here)]
    if not ours:
        return
    reason = None
    if os.environ.get("SCALEOUT") != "1":
        reason = "the scale-out job runs with SCALEOUT=1 (needs PostgreSQL and Redis)"
    elif not postgres_reachable():
        reason = "SCALEOUT=1, but PostgreSQL does not answer (SCALEOUT_POSTGRES_URL)"
    elif not redis_reachable():
        reason = "SCALEOUT=1, but Redis does not answer (SCALEOUT_REDIS_URL)"
    if reason:
        for item in ours:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Two app servers, two workers, the scheduler, an SMTP sink and the OIDC provider on a fresh
    database (see cluster.py). The SMTP sink takes a second per recipient, so a worker can be
    killed in the middle of a mail (test_scaleout.py, the last test)."""
    folder = tmp_path_factory.mktemp("scaleout")
    with running_cluster(folder, rcpt_delay=1.0) as cluster:
        yield cluster
    print(f"\nscale-out logs in {folder}")
