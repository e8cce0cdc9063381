from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .models import Membership, Municipality, Profile, Region


class MunicipalityInline(admin.TabularInline):
    """The municipalities of a region, on the region's admin page."""

    model = Municipality
    extra = 0
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    """Admin of the regions, with their municipalities inline."""

    list_display = ["name", "country", "coordinator_body"]
    list_filter = ["country"]
    search_fields = ["name", "coordinator_body"]
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MunicipalityInline]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    """Admin of the municipalities."""

    list_display = ["name", "region"]
    list_filter = ["region"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Admin of the memberships: who edits or reads which municipality, who coordinates which region."""

    list_display = ["user", "role", "municipality", "region"]
    list_filter = ["role", "region", "municipality"]
    search_fields = ["user__username", "user__email", "municipality__name", "region__name"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "municipality", "region"]


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
