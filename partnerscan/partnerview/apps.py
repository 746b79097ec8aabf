from django.apps import AppConfig


class PartnerviewConfig(AppConfig):
    name = "partnerscan.partnerview"

    def ready(self) -> None:
        from partnerscan.core import jobs
        from partnerscan.partnerview.view_store import compute_ahead
        from partnerscan.partnerview.worker import run_partner_rounds

        jobs.register("partner_rounds", run_partner_rounds)
        jobs.register("stored_partner_views", compute_ahead)
