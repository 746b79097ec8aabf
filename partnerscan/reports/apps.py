from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "partnerscan.reports"

    def ready(self) -> None:
        from partnerscan.core import jobs
        from partnerscan.reports.export_jobs import run as make_exports
        from partnerscan.reports.prerender import prerender

        jobs.register("exports", make_exports)
        jobs.register("pdf_reports", prerender)
