"""Icons from Bootstrap Icons (npm package ``bootstrap-icons``), served by the app as one SVG sprite of the icons the
pages use (``static/vendor/bootstrap-icons/icons.svg``, built by ``scripts/vendor.sh``). No emoji: they show as empty
boxes where no emoji font is installed. An icon is decoration beside a visible or screen-reader text, or carries its
own accessible name (``label``)."""

import functools
import re

from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString

SPRITE = "vendor/bootstrap-icons/icons.svg"


@functools.cache
def icon_names() -> frozenset[str]:
    """The icons the sprite holds (their ``<symbol>`` ids), read once per process."""
    path = finders.find(SPRITE)
    with open(path, encoding="utf-8") as sprite:
        return frozenset(re.findall(r'<symbol id="([^"]+)"', sprite.read()))


@functools.cache
def _sprite_url() -> str:
    return static(SPRITE)


def icon(name: str, *, label: str = "", css: str = "") -> SafeString:
    """An ``<svg>`` showing the sprite's icon ``name`` (e.g. "arrow-up"), 1em high, in the text's colour.

    ``label``: its accessible name (``role="img"`` with ``aria-label``) where nothing else names it; without one the
    icon is hidden from screen readers. ``css``: more classes. ``ValueError`` for a name the sprite lacks (add it
    in ``scripts/vendor.sh``)."""
    if name not in icon_names():
        raise ValueError(f"no icon {name!r} in {SPRITE}: add it to scripts/vendor.sh and run make vendor")
    classes = f"si-icon {css}".strip()
    if label:
        return format_html(
            '<svg class="{}" role="img" aria-label="{}" focusable="false"><use href="{}#{}"></use></svg>',
            classes,
            label,
            _sprite_url(),
            name,
        )
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false"><use href="{}#{}"></use></svg>',
        classes,
        _sprite_url(),
        name,
    )
