"""A local OpenID Connect provider for development and tests (`oidc-provider-mock`).

It signs ID tokens with its own RSA key, publishes discovery, JWKS and an end-session endpoint,
and shows a form where you type the `sub` to sign in as. Extra claims such as `pid` are set per
`sub` beforehand: predefined users here, or `PUT <issuer>/users/<sub>` with a JSON body.
Never used in production.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

# Fictional people with synthetic identity numbers (month + 80), so never a real person's.
# (sub, claims); plain data, so demo commands work without the dev-only package.
DEMO_USERS: tuple[tuple[str, dict], ...] = (
    ("kari", {"pid": "02919510164", "name": "Kari Demo"}),
    ("ola", {"pid": "14839041285", "name": "Ola Demo"}),
    ("emma", {"pid": "20861255523", "name": "Emma Demo"}),
)


def make_server(host: str = "127.0.0.1", port: int = 0, users: Sequence[tuple[str, dict]] = ()):
    import werkzeug.serving
    from oidc_provider_mock import User, app

    provider = app(require_nonce=True, user_claims=[User(sub=sub, claims=claims) for sub, claims in users])
    return werkzeug.serving.make_server(host, port, provider, threaded=True)


@contextmanager
def running_provider(
    host: str = "127.0.0.1", port: int = 0, users: Sequence[tuple[str, dict]] = ()
) -> Iterator[str]:
    """Run the provider on a background thread; yields its issuer URL."""
    server = make_server(host, port, users)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(2)
