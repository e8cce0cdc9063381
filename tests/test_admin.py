"""Django admin: every model of the project has a working list (with search and filters) for administrators."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OUR_APPS = {"municipalities", "worksheets", "indicators"}
READ_ONLY = {"worksheets.PreparedFile"}  # made by the app only: nothing to add by hand


def our_models():
    return [m for m in admin.site._registry if m._meta.app_label in OUR_APPS]


def test_every_model_of_the_project_is_in_the_admin():
    registered = set(our_models())
    missing = [
        m.__name__
        for app in OUR_APPS
        for m in apps.get_app_config(app).get_models()
        if m not in registered and not m.__name__.startswith("Historical")
    ]
    assert missing == []


def test_administrator_lists_searches_and_adds_every_model(client, plan):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    for model in our_models():
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert client.get(changelist).status_code == 200, meta.label
        assert client.get(changelist, {"q": "ā"}).status_code == 200, meta.label
        add = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
        assert add.status_code == (403 if meta.label in READ_ONLY else 200), meta.label


def test_the_admin_is_closed_to_other_users(client, editor, coordinator):
    for user in (editor, coordinator):
        client.force_login(user)
        response = client.get(reverse("admin:worksheets_actionplan_changelist"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
