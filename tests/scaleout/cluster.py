"""The scale-out set-up: two app servers and two task workers on one PostgreSQL and one Redis.

`Cluster` makes a fresh PostgreSQL database, migrates it and loads the demo directory
(`tests/scaleout/prepare.py`), empties its own Redis database, and starts, each as its own
process with the production settings module and the same environment:

- two gunicorn app servers (`app-a`, `app-b`) on two free ports, each with its own workers;
- two task workers (`manage.py run_worker --no-reload --worker-id …`), as `ops/systemd` runs them;
- the scheduler (`manage.py run_scheduler`);
- a real SMTP server that writes every message to a file (`tests/scaleout/smtp_sink.py`);
- the local OpenID Connect provider (`manage.py run_oidc_mock`).

Every process gets its own session (process group), so `kill` ends a gunicorn master together
with its workers, and `stop` ends everything that was started, also after a failure.

Used by the pytest job in this folder and by `benchmarks/scaleout.py`. No Django import here:
the test process talks to the servers over HTTP and reads the database with psycopg.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
POSTGRES_URL = os.environ.get("SCALEOUT_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
DATABASE_NAME = os.environ.get("SCALEOUT_DATABASE", "veivalg_scaleout")
# A Redis database of its own, emptied at the start: nothing else of ours uses number 12.
REDIS_URL = os.environ.get("SCALEOUT_REDIS_URL", "redis://127.0.0.1:6379/12")
DEMO_PASSWORD = "demo-passord-123"
# The lowest the settings allow; the job itself moves the reaper's clock (see `reap`).
TASK_STUCK_AFTER_SECONDS = 60


def code_fingerprint() -> str:
    """Changes with any Python file under veivalg/ (models, migrations, demo loaders) or
    prepare.py, and daily (the demo data and the test event are dated from the day they are
    made)."""
    digest = hashlib.sha256(datetime.date.today().isoformat().encode())
    for path in [*sorted((ROOT / "veivalg").rglob("*.py")), Path(__file__).with_name("prepare.py")]:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _recreate(admin: psycopg.Connection, name: str, *, template: str | None = None) -> None:
    for database in filter(None, (name, template)):
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [database])
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_reachable() -> bool:
    try:
        with psycopg.connect(f"{POSTGRES_URL}/postgres", connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


@dataclass
class Service:
    name: str
    process: subprocess.Popen
    log: Path
    url: str = ""

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL to the whole process group (a gunicorn master and its workers): no clean-up."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def interrupt(self) -> None:
        """SIGINT to the group: gunicorn's quick shutdown; the others stop as on Ctrl-C."""
        if self.alive:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGINT)

    def stop(self, timeout: float = 10) -> None:
        """Interrupt, wait up to `timeout`, then SIGKILL whatever is left of the group (a gunicorn
        worker whose master was killed, say)."""
        self.interrupt()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=timeout)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)

    def tail(self, characters: int = 3000) -> str:
        try:
            return self.log.read_text(errors="replace")[-characters:]
        except OSError:
            return ""


@dataclass
class Cluster:
    """Two app servers, two workers, a scheduler, an SMTP sink and the OIDC provider."""

    folder: Path
    database: str = DATABASE_NAME
    redis_url: str = REDIS_URL
    app_workers: int = 2
    rcpt_delay: float = 0.0
    with_scheduler: bool = True
    services: dict[str, Service] = field(default_factory=dict)
    facts: dict = field(default_factory=dict)
    smtp_port: int = field(default_factory=free_port)
    oidc_port: int = field(default_factory=free_port)

    @property
    def database_url(self) -> str:
        return f"{POSTGRES_URL}/{self.database}"

    @property
    def mail_folder(self) -> Path:
        return self.folder / "mail"

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.oidc_port}"

    def env(self, **extra: str) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "PYTEST", "DATABASE_URL", "CACHE_URL", "RATELIMIT_"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="veivalg.settings",
            PYTHONPATH=str(ROOT),
            DATABASE_URL=self.database_url,
            CACHE_URL=self.redis_url,
            EMAIL_URL=f"smtp://127.0.0.1:{self.smtp_port}",
            OIDC_ISSUER=self.issuer,
            TASKS_BACKEND="django_tasks_db.DatabaseBackend",
            TASK_STUCK_AFTER_SECONDS=str(TASK_STUCK_AFTER_SECONDS),
            DEMO_PASSWORD=DEMO_PASSWORD,
            DEBUG="false",
            LOG_LEVEL="WARNING",
        )
        env.update(extra)
        return env

    # --- database and cache ----------------------------------------------------------------------

    def prepare(self) -> None:
        """A fresh database with the reference and demo data, and an empty Redis database.

        Migrating takes most of a minute, so the migrated and filled database is kept as a
        template (`<database>_template`) and each run starts from a copy of it. The
        template is made again whenever the code or the day changes (`code_fingerprint`), or
        with SCALEOUT_REBUILD=1."""
        import redis

        redis.Redis.from_url(self.redis_url).flushdb()
        fingerprint = code_fingerprint()
        template = f"{self.database}_template"
        with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as admin:
            rows = admin.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                [template],
            ).fetchall()
            kept = json.loads(rows[0][0]) if rows and rows[0][0] else {}
            if kept.get("fingerprint") != fingerprint or os.environ.get("SCALEOUT_REBUILD") == "1":
                _recreate(admin, template)
                kept = {"fingerprint": fingerprint, "facts": self._fill(template)}
                comment = json.dumps(kept).replace("'", "''")
                admin.execute(f"COMMENT ON DATABASE \"{template}\" IS '{comment}'")
            _recreate(admin, self.database, template=template)
        self.facts = kept["facts"]

    def _fill(self, name: str) -> dict:
        out = subprocess.run(
            [sys.executable, "-m", "tests.scaleout.prepare"],
            cwd=ROOT,
            env=self.env(ALLOW_DEMO_DATA="true", DATABASE_URL=f"{POSTGRES_URL}/{name}"),
            capture_output=True,
            text=True,
        )
        if out.returncode != 0:
            raise RuntimeError(f"preparing the database failed:\n{out.stderr[-4000:]}")
        return json.loads(out.stdout.strip().splitlines()[-1])

    def sql(self, query: str, params: tuple | list = ()) -> list[tuple]:
        with psycopg.connect(self.database_url, autocommit=True) as connection:
            return connection.execute(query, params).fetchall()

    # --- processes ---------------------------------------------------------------------------------

    def _spawn(self, name: str, command: list[str], *, url: str = "") -> Service:
        log = self.folder / f"{name}.log"
        handle = log.open("ab")
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env(),
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        handle.close()
        service = Service(name, process, log, url)
        self.services[name] = service
        return service

    def manage(self, *args: str) -> list[str]:
        return [sys.executable, "manage.py", *args]

    def start_app(self, name: str, *, workers: int | None = None) -> Service:
        port = free_port()
        return self._spawn(
            name,
            [
                str(BIN / "gunicorn"),
                "veivalg.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers or self.app_workers),
                "--timeout",
                "30",
                "--log-level",
                "warning",
            ],
            url=f"http://127.0.0.1:{port}",
        )

    def start_worker(self, name: str) -> Service:
        return self._spawn(name, self.manage("run_worker", "--no-reload", "--worker-id", name, "-v", "0"))

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.mail_folder.mkdir(exist_ok=True)
        self._spawn(
            "smtp",
            [
                sys.executable,
                "-m",
                "tests.scaleout.smtp_sink",
                "--port",
                str(self.smtp_port),
                "--folder",
                str(self.mail_folder),
                "--rcpt-delay",
                str(self.rcpt_delay),
            ],
        )
        self._spawn("oidc", self.manage("run_oidc_mock", "--port", str(self.oidc_port)), url=self.issuer)
        self.start_app("app-a")
        self.start_app("app-b")
        self.start_worker("worker-1")
        self.start_worker("worker-2")
        if self.with_scheduler:
            self._spawn("scheduler", self.manage("run_scheduler"))
        self.wait_until_ready()

    def wait_until_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        checks = {
            "oidc": lambda: self._answers(f"{self.issuer}/.well-known/openid-configuration"),
            "smtp": lambda: self._listens(self.smtp_port),
        }
        for name in [n for n in self.services if n.startswith("app-")]:
            checks[name] = lambda name=name: self._answers(f"{self.app(name)}/helse/klar/")
        waiting = set(checks)
        while waiting:
            for name in list(waiting):
                if not self.services[name].alive:
                    raise RuntimeError(f"{name} exited during start-up:\n{self.services[name].tail()}")
                if checks[name]():
                    waiting.discard(name)
            if waiting and time.monotonic() > deadline:
                raise RuntimeError(f"not ready after {timeout:.0f} s: {sorted(waiting)}")
            time.sleep(0.2)
        for name in ("worker-1", "worker-2", "scheduler"):
            if name in self.services and not self.services[name].alive:
                raise RuntimeError(f"{name} exited during start-up:\n{self.services[name].tail()}")

    @staticmethod
    def _answers(url: str) -> bool:
        try:
            return httpx.get(url, timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    @staticmethod
    def _listens(port: int) -> bool:
        with socket.socket() as s:
            s.settimeout(1)
            return s.connect_ex(("127.0.0.1", port)) == 0

    def app(self, name: str) -> str:
        return self.services[name].url

    def kill(self, name: str) -> None:
        self.services[name].kill()

    def stop(self) -> None:
        """Every process started here, all at once."""
        for service in self.services.values():
            service.interrupt()
        deadline = time.monotonic() + 10
        for service in self.services.values():
            service.stop(timeout=max(0.1, deadline - time.monotonic()))

    def logs(self) -> str:
        return "\n".join(f"--- {s.name} ({s.log})\n{s.tail(1500)}" for s in self.services.values())

    # --- tasks -------------------------------------------------------------------------------------

    def reap(self, *, after: datetime.datetime) -> dict:
        """Run the scheduler's `requeue_stuck_tasks` as it runs TASK_STUCK_AFTER_SECONDS after the
        moment `after` (a worker's death), instead of waiting that minute out: tasks started
        before `after` and still RUNNING go back in the queue; later ones are left alone."""
        code = (
            "import datetime, json; from django.conf import settings; "
            "from veivalg.core.worker import requeue_stuck_tasks; "
            f"after = datetime.datetime.fromisoformat({after.isoformat()!r}); "
            "later = after + datetime.timedelta(seconds=settings.TASK_STUCK_AFTER_SECONDS); "
            "print(json.dumps(requeue_stuck_tasks(now=later)))"
        )
        out = subprocess.run(
            self.manage("shell", "-c", code), cwd=ROOT, env=self.env(), capture_output=True, text=True
        )
        if out.returncode != 0:
            raise RuntimeError(f"requeue_stuck_tasks failed:\n{out.stderr[-3000:]}")
        return json.loads(out.stdout.strip().splitlines()[-1])


@contextlib.contextmanager
def running_cluster(folder: Path, **options) -> Iterator[Cluster]:
    """A prepared and started cluster; every process it started is ended on the way out."""
    cluster = Cluster(folder=folder, **options)
    try:
        cluster.prepare()
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
