from django.apps import AppConfig


class CapabilityConfig(AppConfig):
    name = "partnerscan.capability"
