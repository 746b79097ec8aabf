from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "partnerscan.portfolio"

    def ready(self) -> None:
        from partnerscan.core import jobs
        from partnerscan.portfolio.rhythm import run_rhythm

        jobs.register("health_rhythm", run_rhythm)
