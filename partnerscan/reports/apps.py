from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "partnerscan.reports"

    def ready(self) -> None:
        from partnerscan.core import jobs
        from partnerscan.reports.prerender import prerender

        jobs.register("pdf_reports", prerender)
