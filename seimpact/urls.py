from django.contrib import admin
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect
from django.urls import include, path

from seimpact.accounts import LoginForm, set_language
from seimpact.health import health


def home(request):
    """The site's root: a redirect to the plan list (an anonymous visitor signs in first)."""
    return redirect("worksheets:plan_list")


urlpatterns = [
    path("", home, name="home"),
    path("plans/", include("worksheets.urls")),
    path("indicators/", include("indicators.urls")),
    path("indicators/", include("worksheets.urls_followup")),
    path("public/", include("worksheets.urls_public")),
    path("accounts/login/", LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
]
