from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "partnerscan.audit"
