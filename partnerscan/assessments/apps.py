from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "partnerscan.assessments"

    def ready(self) -> None:
        from partnerscan.assessments.mailtexts import changed_sentence
        from partnerscan.audit.messages import register

        register("mail_texts", changed_sentence)
