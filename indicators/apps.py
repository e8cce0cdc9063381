from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    """The indicators app: the regional core indicators and the values municipalities record for them."""

    name = "indicators"
    verbose_name = _("Indicators and monitoring")

    def ready(self):
        """Put the core indicators' tables in the regional review (``indicators.evidence``), which ``worksheets``
        cannot import."""
        from worksheets.regional.review import add_evidence  # noqa: PLC0415  (apps are loaded only now)

        from .evidence import context_figures, core_indicators_in_plans  # noqa: PLC0415

        add_evidence(1, context_figures)
        add_evidence(5, core_indicators_in_plans)
