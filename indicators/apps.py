from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    """The indicators app: the regional core indicators and the values municipalities record for them."""

    name = "indicators"
    verbose_name = _("Indicators and monitoring")
