from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    """The municipalities app: regions, municipalities and who belongs to them in which role."""

    name = "municipalities"
    verbose_name = _("Regions and municipalities")

    def ready(self):
        from . import languages  # noqa: F401, PLC0415  (connects the receiver keeping the preferred language)
