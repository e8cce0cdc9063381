"""Regions, municipalities and officers' memberships as spreadsheets, for django-import-export in the admin.

Onboarding a region's officers takes one sheet: username, first name, last name, e-mail, municipality (its short
name or name; empty for a coordinator), region (a coordinator's, by short name), role (editor, viewer, coordinator, or
the role's name in an interface language). A new user gets a random password nobody is told (Django's password reset
only serves users with a usable one): they set their own through "Forgot your password?" on the login page, with the
e-mail address given here. A row whose municipality, region or role does not
exist is refused with a message naming the row, and the other rows are imported; a wholly empty row (a blank line at
the end of a sheet) is skipped; importing the same sheet again changes nothing.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import override
from import_export import fields, resources
from import_export.results import RowResult
from import_export.widgets import ForeignKeyWidget

from seimpact.lib.text import clean_text

from .access import Role
from .models import Membership, Municipality, Region


def is_empty_row(row) -> bool:
    """Whether every cell of ``row`` (a ``{column: value}`` mapping, as django-import-export hands rows over) is empty
    or only spaces: a blank line a spreadsheet often ends with, which is no row to import or refuse."""
    return all(value is None or not str(value).strip() for value in row.values())


class EmptyRowsSkipped:
    """A resource that skips wholly empty rows (``is_empty_row``) quietly, before reading them; put it before
    ``resources.ModelResource`` among the bases."""

    def import_row(self, row, instance_loader, **kwargs):
        if is_empty_row(row):
            result = self.get_row_result_class()()
            result.import_type = RowResult.IMPORT_TYPE_SKIP
            return result
        return super().import_row(row, instance_loader, **kwargs)


class RegionResource(EmptyRowsSkipped, resources.ModelResource):
    """A region per row, found again by its short name (``slug``)."""

    class Meta:
        model = Region
        fields = ("slug", "name", "country", "coordinator_body")
        import_id_fields = ("slug",)
        skip_unchanged = True
        report_skipped = True


class MunicipalityResource(EmptyRowsSkipped, resources.ModelResource):
    """A municipality per row with its region's short name, found again by its own short name (``slug``)."""

    region = fields.Field(attribute="region", column_name="region", widget=ForeignKeyWidget(Region, field="slug"))

    class Meta:
        model = Municipality
        fields = ("slug", "name", "region")
        import_id_fields = ("slug",)
        skip_unchanged = True
        report_skipped = True


USER_FIELDS = ("first_name", "last_name", "email")
COLUMNS = ("username", "first_name", "last_name", "email", "municipality", "region", "role")


def _text(value) -> str:
    return clean_text(str(value if value is not None else "")).strip()


def _role_names() -> dict[str, str]:
    """``{name as written: role}``: each role by its value and by its label in every interface language."""
    names = {role.value: role.value for role in Role}
    for language, _name in settings.LANGUAGES:
        with override(language):
            for role in Role:
                names.setdefault(str(role.label).casefold(), role.value)
    return names


class MembershipResource(EmptyRowsSkipped, resources.ModelResource):
    """An officer's membership per row, with the user's name and e-mail (see the module's docstring).

    ``refusals`` (a list, given by the admin) collects ``(row number, message)`` of the refused rows; the rows are
    numbered as a spreadsheet shows them (the header is row 1)."""

    username = fields.Field(column_name="username")
    first_name = fields.Field(column_name="first_name")
    last_name = fields.Field(column_name="last_name")
    email = fields.Field(column_name="email")
    municipality = fields.Field(column_name="municipality")
    region = fields.Field(column_name="region")
    role = fields.Field(column_name="role")

    class Meta:
        model = Membership
        fields = COLUMNS
        export_order = COLUMNS
        import_id_fields = ()
        skip_unchanged = True
        report_skipped = True

    def __init__(self, refusals: list | None = None, **kwargs):
        super().__init__(**kwargs)
        self.refusals = refusals if refusals is not None else []
        self._roles = _role_names()

    # --- export ------------------------------------------------------------------------------------------------

    def dehydrate_username(self, membership):
        return membership.user.get_username()

    def dehydrate_first_name(self, membership):
        return membership.user.first_name

    def dehydrate_last_name(self, membership):
        return membership.user.last_name

    def dehydrate_email(self, membership):
        return membership.user.email

    def dehydrate_municipality(self, membership):
        return membership.municipality.slug if membership.municipality_id else ""

    def dehydrate_region(self, membership):
        return membership.region.slug if membership.region_id else ""

    def dehydrate_role(self, membership):
        return membership.role

    def get_export_queryset(self, request=None):
        return Membership.objects.select_related("user", "municipality", "region")

    # --- import ------------------------------------------------------------------------------------------------

    def _resolve(self, row) -> tuple[dict, list[str]]:
        """The row's user name, role, municipality and region as objects, and the messages refusing it."""
        problems = []
        username = _text(row.get("username"))
        if not username:
            problems.append(_("The username is missing."))
        role = self._roles.get(_text(row.get("role")).casefold())
        if role is None:
            problems.append(
                _("The role “%(role)s” does not exist: write editor, viewer or coordinator.")
                % {"role": _text(row.get("role"))}
            )
        municipality = region = None
        name = _text(row.get("municipality"))
        if name:
            municipality = (
                Municipality.objects.filter(slug=name).first() or Municipality.objects.filter(name=name).first()
            )
            if municipality is None:
                problems.append(_("The municipality “%(name)s” does not exist.") % {"name": name})
        slug = _text(row.get("region"))
        if slug:
            region = Region.objects.filter(slug=slug).first() or Region.objects.filter(name=slug).first()
            if region is None:
                problems.append(_("The region “%(name)s” does not exist.") % {"name": slug})
        if role == Role.COORDINATOR and region is None and not problems:
            problems.append(_("A coordinator's row names the region they coordinate."))
        if role in (Role.EDITOR, Role.VIEWER) and municipality is None and not problems:
            problems.append(_("An editor's or viewer's row names their municipality."))
        email = _text(row.get("email"))
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(_("“%(email)s” is not an e-mail address.") % {"email": email})
        if role == Role.COORDINATOR:
            municipality = None
        elif role is not None:
            region = None
        found = {"username": username, "role": role, "municipality": municipality, "region": region, "email": email}
        return found, problems

    def import_row(self, row, instance_loader, **kwargs):
        """A refused row is skipped, its messages added to ``refusals``; the others are imported as usual (a wholly
        empty row is skipped without a message)."""
        if is_empty_row(row):
            return super().import_row(row, instance_loader, **kwargs)
        found, problems = self._resolve(row)
        if problems:
            number = kwargs.get("row_number", 0) + 1  # the header is the sheet's first row
            self.refusals.extend((number, problem) for problem in problems)
            result = self.get_row_result_class()()
            result.import_type = RowResult.IMPORT_TYPE_SKIP
            return result
        return super().import_row(row, instance_loader, **kwargs)

    def get_instance(self, instance_loader, row):
        found, _problems = self._resolve(row)
        return (
            Membership.objects.filter(
                user__username=found["username"],
                role=found["role"],
                municipality=found["municipality"],
                region=found["region"],
            )
            .select_related("user")
            .first()
        )

    def import_instance(self, instance, row, **kwargs):
        """Set the membership's user (created with a random password when new; names and e-mail updated where the
        row gives them), role, municipality and region."""
        found, _problems = self._resolve(row)
        User = get_user_model()
        user = User.objects.filter(username=found["username"]).first()
        if user is None:
            user = User(username=found["username"])
            user.set_password(secrets.token_urlsafe(32))  # nobody knows it: the officer resets it
        changed = user.pk is None
        for name in USER_FIELDS:
            value = _text(row.get(name))
            if value and getattr(user, name) != value:
                setattr(user, name, value)
                changed = True
        if changed:
            user.save()
        instance.user = user
        instance.role = found["role"]
        instance.municipality = found["municipality"]
        instance.region = found["region"]
        instance._user_changed = changed

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """An existing membership whose user's names and e-mail the row leaves as they are: nothing to do."""
        return instance.pk is not None and not getattr(instance, "_user_changed", False)
