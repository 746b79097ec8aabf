from django.apps import AppConfig


class PoolConfig(AppConfig):
    name = "partnerscan.pool"

    def ready(self) -> None:
        # Connects the signal that keeps `latest` right when a round is deleted.
        from partnerscan.pool import domain  # noqa: F401
