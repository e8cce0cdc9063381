from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorksheetsConfig(AppConfig):
    """The worksheets app: action plans, their 11 worksheets, review, exports, follow-up and the regional views."""

    name = "worksheets"
    verbose_name = _("Action plans and worksheets")
