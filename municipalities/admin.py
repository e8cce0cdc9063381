from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from import_export.admin import ImportExportModelAdmin

from .models import Membership, Municipality, Profile, Region
from .resources import MembershipResource, MunicipalityResource, RegionResource


class SpreadsheetAdmin(ImportExportModelAdmin):
    """An admin whose rows import and export as spreadsheets (django-import-export).

    The export page reads the list's filters from its address, as the list does; where the list answers filters it
    does not know (e.g. ``?colour=red``, a field that does not exist) by showing itself again, the export would fail
    with a server error: here it sends the administrator back to the list with a message instead."""

    def export_action(self, request):
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            messages.error(
                request, _("The export could not use the list's filters in the address: choose the rows in the list.")
            )
            opts = self.model._meta
            return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))


class MunicipalityInline(admin.TabularInline):
    """The municipalities of a region, on the region's admin page."""

    model = Municipality
    extra = 0
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Region)
class RegionAdmin(SpreadsheetAdmin):
    """Admin of the regions, with their municipalities inline; imported and exported as spreadsheets."""

    resource_classes = [RegionResource]

    list_display = ["name", "country", "coordinator_body", "synthetic"]
    list_filter = ["country", "synthetic"]
    search_fields = ["name", "coordinator_body"]
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MunicipalityInline]


@admin.register(Municipality)
class MunicipalityAdmin(SpreadsheetAdmin):
    """Admin of the municipalities; imported and exported as spreadsheets."""

    resource_classes = [MunicipalityResource]

    list_display = ["name", "region"]
    list_filter = ["region__synthetic", "region"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Membership)
class MembershipAdmin(SpreadsheetAdmin):
    """Admin of the memberships: who edits or reads which municipality, who coordinates which region. A region's
    officers are onboarded from one spreadsheet (``resources.MembershipResource``): refused rows are named in
    messages, the others previewed and imported."""

    resource_classes = [MembershipResource]

    list_display = ["user", "role", "municipality", "region"]
    list_filter = ["role", "region", "municipality"]
    search_fields = ["user__username", "user__email", "municipality__name", "region__name"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "municipality", "region"]

    def get_import_resource_kwargs(self, request, **kwargs):
        """The resource's ``refusals`` list lives on the request, for ``_tell_refusals``."""
        request.membership_refusals = []
        return {**super().get_import_resource_kwargs(request, **kwargs), "refusals": request.membership_refusals}

    def _tell_refusals(self, request) -> None:
        for number, message in getattr(request, "membership_refusals", []):
            messages.warning(
                request, _("Row %(row)s was not imported: %(message)s") % {"row": number, "message": message}
            )

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        self._tell_refusals(request)
        return response

    def process_import(self, request, **kwargs):
        response = super().process_import(request, **kwargs)
        self._tell_refusals(request)
        return response


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    """Admin of the users' preferred languages (also inline on each user's page)."""

    list_display = ["user", "language"]
    list_filter = ["language"]
    search_fields = ["user__username", "user__email", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]


class ProfileInline(admin.StackedInline):
    """A user's preferred language, on the user's admin page."""

    model = Profile
    can_delete = False
    extra = 1
    max_num = 1


class UserWithProfileAdmin(UserAdmin):
    """Django's user admin, with the user's preferred language (``Profile``) inline."""

    inlines = [*UserAdmin.inlines, ProfileInline]


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, UserWithProfileAdmin)
