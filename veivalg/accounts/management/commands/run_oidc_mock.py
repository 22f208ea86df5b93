"""Run the local OpenID Connect provider (development only): `manage.py run_oidc_mock`."""

from django.core.management.base import BaseCommand

from veivalg.accounts.oidc_mock import DEMO_USERS, make_server


class Command(BaseCommand):
    help = "Run oidc-provider-mock on 127.0.0.1:8009 with the demo people as one-click users."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8009)

    def handle(self, *args, host: str, port: int, **options):
        server = make_server(host, port, DEMO_USERS)
        self.stdout.write(f"OIDC provider (mock) at http://{host}:{server.server_port}  (Ctrl-C stops it)")
        self.stdout.write("Demo users: " + ", ".join(sub for sub, _ in DEMO_USERS))
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
