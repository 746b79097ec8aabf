"""The claims the test provider gives: e-mail, whether it is verified, and the name."""

from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator

VERIFIED = "email-verified"  # the group of users whose address the provider vouches for


class Validator(OAuth2Validator):
    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        user = request.user
        return {
            "email": user.email,
            "email_verified": user.groups.filter(name=VERIFIED).exists(),
            "name": user.get_full_name(),
        }
