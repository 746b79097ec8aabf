"""Who the test provider knows, and the client partnerscan is registered as. Shared by the
provider (serve.py) and the tests, which import nothing else of the provider."""

from __future__ import annotations

from dataclasses import dataclass

CLIENT_ID = "partnerscan-test"
CLIENT_SECRET = "partnerscan-test-secret-0123456789"  # noqa: S105 - a test provider's client
PASSWORD = "provider-password"  # noqa: S105
# Port-free loopback URIs match any port (RFC 8252): the browser test's live server's too.
REDIRECT_URIS = (
    "http://testserver/accounts/login/oidc/callback/",
    "http://127.0.0.1/accounts/login/oidc/callback/",
)


@dataclass(frozen=True)
class Person:
    username: str
    email: str
    verified: bool
    name: str


SAM = Person("sam", "sam@example.org", True, "Sam Verified")
UNA = Person("una", "una@example.org", False, "Una Unverified")
NINA = Person("nina", "nina@newcorp.example", True, "Nina Newcomer")
OTTO = Person("otto", "otto@elsewhere.example", True, "Otto Outsider")
PEOPLE = (SAM, UNA, NINA, OTTO)
