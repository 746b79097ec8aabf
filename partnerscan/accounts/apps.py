from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "partnerscan.accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed

        from partnerscan.accounts.backends import count_failed_login

        user_login_failed.connect(count_failed_login, dispatch_uid="partnerscan-login-limit")
