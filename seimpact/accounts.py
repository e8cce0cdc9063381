"""Signing in: the login form, refusing what no account could match before anything is looked up or logged."""

from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    """Django's login form, with a username longer than any account's (``User.username``, 150 characters) refused as
    an invalid login before it is checked.

    Django only puts that length on the input's ``maxlength``; a longer username posted anyway would reach the
    authentication backends and the lockout log (django-axes keeps it in a 255-character column, which PostgreSQL
    enforces with an error), so the answer would be a server error instead of "invalid login".
    """

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if len(username) > self.username_field.max_length:
            raise self.get_invalid_login_error()
        return super().clean()
