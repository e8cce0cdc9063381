"""E-mails from templates: a subject and a plain-text body, written in the recipients' language."""

from django.template.loader import render_to_string
from django.utils.translation import override


def render_email(name: str, context: dict, *, language: str) -> tuple[str, str]:
    """``(subject, body)`` of e-mail ``name`` rendered in ``language`` (a language code such as "lv").

    The texts come from ``templates/emails/<name>_subject.txt`` and ``<name>_body.txt``; both are plain text
    (the templates turn autoescaping off). The subject is joined into one line (a header cannot hold a line
    break); the body loses only the template file's final line break. Raises ``TemplateDoesNotExist`` for
    an unknown ``name``.
    """
    with override(language):
        subject = render_to_string(f"emails/{name}_subject.txt", context)
        body = render_to_string(f"emails/{name}_body.txt", context)
    return "".join(subject.splitlines()), body.removesuffix("\n")
