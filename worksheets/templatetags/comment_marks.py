"""The grid's marks for rows under an open review comment: a class on the row and a visible, labelled marker that
links to the comment (not colour alone). Both read ``commented_rows`` (``review.comments.open_comments_by_row``)
from the page's context; without it (a row added by htmx) they add nothing."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from seimpact.lib.icons import icon

register = template.Library()


def _open_comment(context, section, pk):
    if pk is None:
        return None
    return context.get("commented_rows", {}).get(section.table.key, {}).get(pk)


@register.simple_tag(takes_context=True)
def comment_row_class(context, section, pk) -> str:
    """`` ws-row-commented`` for a row with an open comment, else ""."""
    return " ws-row-commented" if _open_comment(context, section, pk) else ""


@register.simple_tag(takes_context=True)
def comment_marker(context, section, pk) -> str:
    """The marker beside the row number of a row with an open comment: a speech-bubble link to the comment, named
    for screen readers; "" for other rows."""
    comment = _open_comment(context, section, pk)
    if comment is None:
        return ""
    label = _("Open review comment on this row")
    return format_html(
        '<a class="ws-comment-marker" href="#comment-{}" title="{}">{}<span class="visually-hidden">{}</span></a>',
        comment.pk,
        label,
        icon("chat-left-text"),
        label,
    )
