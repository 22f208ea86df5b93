from django.apps import AppConfig


class SiteSearchConfig(AppConfig):
    name = "veivalg.sitesearch"
    label = "sitesearch"
    verbose_name = "Søk i hele Veivalg"
