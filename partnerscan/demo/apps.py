from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data `make run` loads: at the top of the layers, as it uses every app."""

    name = "partnerscan.demo"
