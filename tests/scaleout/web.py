"""Plain HTTP clients for the scale-out job: a reader with a cookie jar who fills in forms the way
a browser submits them, a citizen signing in through the OpenID Connect provider, an editor
signing in with password and TOTP code, and a front that spreads requests over the app servers
and moves on to the next one when a server does not answer.

Cookies are kept per host, not per port, so one reader's session cookie goes to both app
servers (as behind a load balancer with one name). Each reader can have its own source address
on the loopback network (127.x.y.z), so per-address limits see separate people.
"""

from __future__ import annotations

import base64
import itertools
import re
import threading
from dataclasses import dataclass, field
from urllib.parse import urlencode

import httpx
from bs4 import BeautifulSoup

# The demo staff users' published TOTP key (veivalg/demo/staff.py, DEMO_TOTP_SECRET).
DEMO_TOTP_SECRET = "VEIVALGDEMOTOTPNOKKELBAREFORDEMO"
NOT_SUBMITTED = {"submit", "button", "image", "reset", "file"}
FORM_CONTENT = {"Content-Type": "application/x-www-form-urlencoded"}


def form_fields(html: str, *, has: str) -> tuple[str | None, list[tuple[str, str]]]:
    """The action of the first POST form with a field named `has`, and what a browser would send
    for it unchanged: enabled fields outside <template>, checked boxes only, chosen options."""
    soup = BeautifulSoup(html, "html.parser")
    form = next(
        (
            f
            for f in soup.find_all("form")
            if (f.get("method") or "get").lower() == "post" and f.find(attrs={"name": has})
        ),
        None,
    )
    if form is None:
        raise AssertionError(f"no form with the field {has!r} on the page")
    pairs: list[tuple[str, str]] = []
    for element in form.find_all(["input", "select", "textarea"]):
        name = element.get("name")
        if not name or element.has_attr("disabled") or element.find_parent("template"):
            continue
        if element.name == "input":
            kind = (element.get("type") or "text").lower()
            if kind in NOT_SUBMITTED or (kind in {"checkbox", "radio"} and not element.has_attr("checked")):
                continue
            pairs.append((name, element.get("value", "on" if kind in {"checkbox", "radio"} else "")))
        elif element.name == "textarea":
            text = element.text
            pairs.append((name, text[1:] if text.startswith("\n") else text))
        else:
            options = element.find_all("option")
            chosen = [o for o in options if o.has_attr("selected")]
            if not chosen and options and not element.has_attr("multiple"):
                chosen = options[:1]
            pairs.extend((name, o.get("value", o.text)) for o in chosen)
    return form.get("action"), pairs


def with_changes(pairs: list[tuple[str, str]], changes: dict[str, str]) -> list[tuple[str, str]]:
    kept = [(name, value) for name, value in pairs if name not in changes]
    return kept + list(changes.items())


@dataclass
class Reader:
    """One person's client: a cookie jar and, optionally, a source address of their own."""

    source: str | None = None
    timeout: float = 20
    client: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        transport = httpx.HTTPTransport(local_address=self.source) if self.source else httpx.HTTPTransport()
        self.client = httpx.Client(transport=transport, timeout=self.timeout)

    def get(self, url: str, **options) -> httpx.Response:
        return self.client.get(url, **options)

    def post(self, url: str, pairs: list[tuple[str, str]]) -> httpx.Response:
        """A form post of `pairs` (a name may come more than once), redirects not followed."""
        return self.client.post(url, content=urlencode(pairs).encode(), headers=FORM_CONTENT)

    def fill_in(
        self,
        server: str,
        path: str,
        *,
        has: str,
        changes: dict[str, str],
        button: tuple[str, str] | None = None,
    ) -> httpx.Response:
        """Open the page at `server` + `path`, change fields of the form with `has`, and send it
        to the same server (no redirects followed)."""
        page = self.get(server + path)
        assert page.status_code == 200, f"{path} answered {page.status_code}"
        action, pairs = form_fields(page.text, has=has)
        data = with_changes(pairs, changes)
        if button:
            data.append(button)
        return self.post(server + (action or path), data)

    def close(self) -> None:
        self.client.close()


def sign_in_citizen(reader: Reader, server: str, issuer: str, *, sub: str, pid: str, name: str) -> None:
    """Through the OpenID Connect provider: start at `server`, choose `sub` on the provider's
    page, and come back to `server`'s callback, which makes the session."""
    httpx.put(f"{issuer}/users/{sub}", json={"pid": pid, "name": name}, timeout=10).raise_for_status()
    started = reader.fill_in(server, "/logg-inn/", has="next", changes={})
    assert started.status_code == 302 and started.headers["location"].startswith(issuer), started.text[:500]
    chosen = httpx.post(started.headers["location"], data={"sub": sub}, timeout=10)
    assert chosen.status_code == 302, chosen.text[:500]
    back = reader.get(chosen.headers["location"])
    assert back.status_code == 302 and back.headers["location"] == "/min-side/", back.text[:500]


def totp_code() -> str:
    from django_otp.oath import totp

    return f"{totp(base64.b32decode(DEMO_TOTP_SECRET)):06d}"


def sign_in_editor(reader: Reader, server: str, *, username: str, password: str) -> None:
    """Password on Wagtail's sign-in page, then the six-digit code (the second factor)."""
    answer = reader.fill_in(
        server, "/redaktor/login/", has="username", changes={"username": username, "password": password}
    )
    assert answer.status_code == 302, f"sign-in answered {answer.status_code}"
    code_page = reader.get(server + "/redaktor/", follow_redirects=True)
    assert "/ansatt/kode/" in str(code_page.url), code_page.url
    path = code_page.url.raw_path.decode()
    answer = reader.fill_in(server, path, has="code", changes={"code": totp_code()})
    assert answer.status_code == 302, f"the code answered {answer.status_code}"
    assert reader.get(server + "/redaktor/").status_code == 200


class Front:
    """Round robin over the app servers; a server that refuses or drops a connection is taken
    out and the request goes to the next one, as a load balancer does after a failed check."""

    def __init__(self, servers: list[str]):
        self.servers = list(servers)
        self.down: set[str] = set()
        self._turn = itertools.count()
        self._lock = threading.Lock()

    def order(self) -> list[str]:
        """The servers to try for the next request, the one whose turn it is first."""
        with self._lock:
            start = next(self._turn)
            live = [s for s in self.servers if s not in self.down] or list(self.servers)
        return live[start % len(live) :] + live[: start % len(live)]

    def mark_down(self, server: str) -> None:
        with self._lock:
            self.down.add(server)


def publish_offer_places(editor: Reader, server: str, offer_id: str, places: int) -> None:
    """The editor changes an offer's number of places in Wagtail and publishes it."""
    published = editor.fill_in(
        server,
        f"/redaktor/snippets/directory/offer/edit/{offer_id}/",
        has="places_total",
        changes={"places_total": str(places)},
        button=("action-publish", "action-publish"),
    )
    assert published.status_code == 302, f"publishing answered {published.status_code}"


def shows_places(server: str, offer_page: str, places: int) -> bool:
    """Whether an anonymous reader (served from the page cache) sees `places` on the page."""
    page = httpx.get(server + offer_page, timeout=10).text
    return re.search(rf"Antall plasser</dt>\s*<dd>{places}</dd>", page) is not None
