from django.urls import path, re_path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.index, name="index"),
    path("municipalities/<slug:slug>/", views.municipality_page, name="municipality"),
    path("municipalities/<slug:slug>/values/", views.values_period, name="values_period"),
    path("municipalities/<slug:slug>/values/<int:year>/<int:half>/", views.values_enter, name="values_enter"),
    path("municipalities/<slug:slug>/history/", views.values_history_page, name="history"),
    re_path(
        r"^municipalities/(?P<slug>[-\w]+)/values\.(?P<kind>csv|xlsx)$",
        views.municipality_download,
        name="municipality_download",
    ),
    path("regions/<slug:slug>/", views.region_page, name="region"),
    re_path(r"^regions/(?P<slug>[-\w]+)/values\.(?P<kind>csv|xlsx)$", views.region_download, name="region_download"),
    path("regions/<slug:slug>/core/", views.core_indicator_list, name="core_list"),
    path("regions/<slug:slug>/core/new/", views.core_indicator_edit, name="core_create"),
    path("regions/<slug:slug>/core/<int:pk>/", views.core_indicator_edit, name="core_edit"),
    path("regions/<slug:slug>/core/<int:pk>/delete/", views.core_indicator_delete, name="core_delete"),
    path("regions/<slug:slug>/links/", views.region_links, name="region_links"),
    path("regions/<slug:slug>/import/", views.values_import, name="values_import"),
    path("plans/<int:pk>/links/", views.plan_links, name="plan_links"),
]
