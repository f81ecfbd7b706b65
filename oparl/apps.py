from django.apps import AppConfig


class OparlConfig(AppConfig):
    name = "oparl"
    verbose_name = "Open data API (OParl 1.1)"
