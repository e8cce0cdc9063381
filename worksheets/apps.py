from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorksheetsConfig(AppConfig):
    name = "worksheets"
    verbose_name = _("Action plans and worksheets")
