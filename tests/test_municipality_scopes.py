"""Which regions and municipalities a user may see or change: the querysets on Region and Municipality."""

import pytest
from django.contrib.auth.models import AnonymousUser

from indicators.rules import ENTER_VALUES, READ_ALL_VALUES
from municipalities.models import Municipality, Region
from tests.factories import UserFactory, editor_of
from worksheets.rules import COMPARE_REGION

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db):
    return UserFactory(username="admins", is_superuser=True, is_staff=True)


@pytest.fixture
def everyone(aizkraukle, bauska, birzai):
    """Two municipalities of Zemgale and one of Panevėžys."""
    return [aizkraukle, bauska, birzai]


def slugs(queryset):
    return sorted(item.slug for item in queryset)


def test_regions_coordinated_by_each_kind_of_user(everyone, editor, viewer, coordinator, other_coordinator, admin):
    assert slugs(Region.objects.coordinated_by(coordinator)) == ["zemgale"]
    assert slugs(Region.objects.coordinated_by(other_coordinator)) == ["panevezys"]
    assert slugs(Region.objects.coordinated_by(editor)) == []
    assert slugs(Region.objects.coordinated_by(viewer)) == []
    assert slugs(Region.objects.coordinated_by(AnonymousUser())) == []
    assert slugs(Region.objects.coordinated_by(admin)) == ["panevezys", "zemgale"]


def test_regions_known_to_members_through_their_municipality(everyone, editor, viewer, coordinator, admin):
    assert slugs(Region.objects.known_to(editor)) == ["zemgale"]
    assert slugs(Region.objects.known_to(viewer)) == ["zemgale"]
    assert slugs(Region.objects.known_to(coordinator)) == ["zemgale"]
    assert slugs(Region.objects.known_to(AnonymousUser())) == []
    assert slugs(Region.objects.known_to(admin)) == ["panevezys", "zemgale"]


def test_a_region_is_known_once_to_a_member_of_several_of_its_municipalities(everyone, editor, bauska, coordinator):
    editor_of(bauska, user=coordinator)
    assert [region.slug for region in Region.objects.known_to(coordinator)] == ["zemgale"]
    editor_of(bauska, user=editor)
    assert [region.slug for region in Region.objects.known_to(editor)] == ["zemgale"]


def test_municipalities_readable_by_members_and_their_coordinator(
    everyone, editor, viewer, other_editor, coordinator, other_coordinator, admin
):
    assert slugs(Municipality.objects.readable_by(editor)) == ["aizkraukles-novads"]
    assert slugs(Municipality.objects.readable_by(viewer)) == ["aizkraukles-novads"]
    assert slugs(Municipality.objects.readable_by(other_editor)) == ["bauskas-novads"]
    assert slugs(Municipality.objects.readable_by(coordinator)) == ["aizkraukles-novads", "bauskas-novads"]
    assert slugs(Municipality.objects.readable_by(other_coordinator)) == ["birzai"]
    assert slugs(Municipality.objects.readable_by(AnonymousUser())) == []
    assert slugs(Municipality.objects.readable_by(admin)) == ["aizkraukles-novads", "bauskas-novads", "birzai"]


def test_municipalities_edited_only_by_their_editors(everyone, editor, viewer, coordinator, admin):
    assert slugs(Municipality.objects.edited_by(editor)) == ["aizkraukles-novads"]
    assert slugs(Municipality.objects.edited_by(viewer)) == []
    assert slugs(Municipality.objects.edited_by(coordinator)) == []
    assert slugs(Municipality.objects.edited_by(AnonymousUser())) == []
    assert slugs(Municipality.objects.edited_by(admin)) == []  # an administrator starts no plans


def test_scopes_agree_with_the_permissions_on_each_object(
    everyone, editor, viewer, other_editor, coordinator, other_coordinator, admin
):
    for user in (editor, viewer, other_editor, coordinator, other_coordinator, admin, AnonymousUser()):
        for municipality in everyone:
            assert (municipality in Municipality.objects.readable_by(user)) == user.has_perm(
                READ_ALL_VALUES, municipality
            ), (user, municipality)
            # Django gives an administrator every permission, but no municipality to start plans for.
            may_enter = user.has_perm(ENTER_VALUES, municipality) and not user.is_superuser
            assert (municipality in Municipality.objects.edited_by(user)) == may_enter, (user, municipality)
        for region in Region.objects.all():
            assert (region in Region.objects.coordinated_by(user)) == user.has_perm(COMPARE_REGION, region), (
                user,
                region,
            )
