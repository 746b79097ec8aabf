from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "partnerscan.webhooks"

    def ready(self) -> None:
        from partnerscan.audit import messages
        from partnerscan.core import jobs
        from partnerscan.webhooks.texts import SENTENCES
        from partnerscan.webhooks.worker import run_webhooks

        jobs.register("webhooks", run_webhooks)
        for code, says in SENTENCES.items():
            messages.register(code, says)
