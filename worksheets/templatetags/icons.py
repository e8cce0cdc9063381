from django import template

from seimpact.lib.icons import icon as _icon

register = template.Library()


@register.simple_tag
def icon(name, label="", css=""):
    """``{% icon "arrow-up" %}``, or ``{% icon "trash3" label=_("Delete") %}`` for an icon that is the only name of
    its control: see ``seimpact.lib.icons.icon``."""
    return _icon(name, label=label, css=css)
