from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "partnerscan.assessments"

    def ready(self) -> None:
        from partnerscan.assessments.mailtexts import changed_sentence
        from partnerscan.assessments.results_store import compute_ahead
        from partnerscan.audit.messages import register
        from partnerscan.core import jobs

        register("mail_texts", changed_sentence)
        jobs.register("stored_results", compute_ahead)
