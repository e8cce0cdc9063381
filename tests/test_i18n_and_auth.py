import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from municipalities.models import Membership
from worksheets.models import ActionPlan

pytestmark = pytest.mark.django_db


def test_interface_is_latvian_by_default_even_for_english_browsers(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = response.content.decode()
    assert response["Content-Language"] == "lv"
    assert '<html lang="lv">' in body
    assert "Pieteikties" in body


def test_interface_switches_to_english_and_back(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    body = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in body
    assert "Forgot your password?" in body
    client.post(reverse("set_language"), {"language": "lv", "next": reverse("login")})
    assert "Aizmirsāt paroli?" in client.get(reverse("login")).content.decode()


def test_language_switcher_is_on_every_page(client, editor, plan):
    client.force_login(editor)
    for url in (reverse("worksheets:plan_list"), plan.get_absolute_url(), reverse("worksheets:plan_create")):
        assert 'name="language"' in client.get(url).content.decode(), url


def test_login_with_right_password_opens_my_plans(client, editor):
    response = client.post(reverse("login"), {"username": "anna", "password": "parole-123"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("worksheets:plan_list")
    assert response.context["user"] == editor


def test_repeated_failed_logins_lock_the_account(client, editor):
    for _attempt in range(5):
        client.post(reverse("login"), {"username": "anna", "password": "nepareizi"})
    response = client.post(reverse("login"), {"username": "anna", "password": "parole-123"})
    assert response.status_code == 429
    assert "Pārāk daudz neveiksmīgu pieteikšanās mēģinājumu" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_wrong_password_message_is_latvian(client, editor):
    response = client.post(reverse("login"), {"username": "anna", "password": "nepareizi"})
    assert response.status_code == 200
    assert "Lūgums ievadīt pareizu" in response.content.decode()


def test_password_reset_sends_an_email_with_a_working_link(client, editor):
    response = client.post(reverse("password_reset"), {"email": editor.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [editor.email]
    link = next(line for line in message.body.splitlines() if "/accounts/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert response.context["validlink"] is True


def test_logout_ends_the_session(client, editor):
    client.force_login(editor)
    client.post(reverse("logout"))
    assert client.get(reverse("worksheets:plan_list")).status_code == 302


def test_seed_demo_is_idempotent(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "redaktors" in out
    assert Membership.objects.count() == 7  # five in Zemgale and Panevėžys, the Lithuanian editor and viewer
    assert ActionPlan.objects.filter(municipality__slug="aizkraukles-novads").count() == 1
