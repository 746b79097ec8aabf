from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "partnerscan.sso"

    def ready(self) -> None:
        from django.core import checks

        from partnerscan.sso.config import check_settings

        checks.register(check_settings, "partnerscan")
