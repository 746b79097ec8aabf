"""Start the test OpenID Provider: `python -m tests.sso.provider.serve DIR`.

Binds a free port on 127.0.0.1, migrates a fresh SQLite database in DIR, adds the people and
the client of people.py, prints `ISSUER <url>` and serves until it is terminated.
"""

from __future__ import annotations

import os
import socketserver
import sys
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def seed() -> None:
    from django.contrib.auth.models import Group, User
    from oauth2_provider.models import Application

    from tests.sso.provider.people import CLIENT_ID, CLIENT_SECRET, PASSWORD, PEOPLE, REDIRECT_URIS
    from tests.sso.provider.validator import VERIFIED

    verified = Group.objects.create(name=VERIFIED)
    for person in PEOPLE:
        first, last = person.name.split(" ", 1)
        user = User.objects.create_user(
            person.username, person.email, PASSWORD, first_name=first, last_name=last
        )
        if person.verified:
            user.groups.add(verified)
    Application.objects.create(
        name="partnerscan",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(REDIRECT_URIS),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=False,  # the user consents on the provider's page
    )


def main(directory: str) -> None:
    server = make_server(
        "127.0.0.1", 0, lambda e, s: [], server_class=ThreadingServer, handler_class=QuietHandler
    )
    issuer = f"http://127.0.0.1:{server.server_port}/o"
    os.environ.update(
        PROVIDER_DIR=directory,
        PROVIDER_ISSUER=issuer,
        DJANGO_SETTINGS_MODULE="tests.sso.provider.settings",
        # oauthlib refuses plain http unless told: the provider only ever listens on loopback.
        OAUTHLIB_INSECURE_TRANSPORT="1",
    )
    import django
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    django.setup()
    call_command("migrate", run_syncdb=True, verbosity=0, interactive=False)
    seed()
    server.set_app(get_wsgi_application())
    print(f"ISSUER {issuer}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1])
