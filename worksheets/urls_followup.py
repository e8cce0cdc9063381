"""The follow-up pages, kept under ``/indicators/`` where officers know them."""

from django.urls import path

from .views import followup

app_name = "followup"

urlpatterns = [
    path("regions/<slug:slug>/follow-up/", followup.region_follow_up, name="region"),
    path("plans/<int:pk>/follow-up/", followup.plan_follow_up, name="plan"),
]
