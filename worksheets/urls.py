from django.urls import path

from . import views, views_regional

app_name = "worksheets"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("new/", views.plan_create, name="plan_create"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("<int:pk>/plan.xlsx", views.plan_xlsx, name="plan_xlsx"),
    path("regions/<slug:slug>/plans.xlsx", views.region_xlsx, name="region_xlsx"),
    path("regions/comparisons/", views_regional.comparisons_home, name="comparisons_home"),
    path("regions/<slug:slug>/comparisons/", views_regional.region_comparisons, name="region_comparisons"),
    path(
        "regions/<slug:slug>/comparisons/<slug:key>/",
        views_regional.region_comparison,
        name="region_comparison",
    ),
    path(
        "regions/<slug:slug>/comparisons/<slug:key>.xlsx",
        views_regional.region_comparison_xlsx,
        name="region_comparison_xlsx",
    ),
    path("regions/<slug:slug>/review.pdf", views_regional.region_review_pdf, name="region_review_pdf"),
    path("regions/<slug:slug>/review.xlsx", views_regional.region_review_xlsx, name="region_review_xlsx"),
    path("regions/<slug:slug>/dashboard/", views.coordinator_dashboard, name="dashboard"),
    path("<int:pk>/status/<slug:action>/", views.plan_transition, name="transition"),
    path("<int:pk>/versions/<int:number>/plan.pdf", views.version_pdf, name="version_pdf"),
    path("<int:pk>/versions/compare/", views.version_compare, name="version_compare"),
    path("<int:pk>/worksheets/<int:number>/comments/", views.comment_create, name="comment_create"),
    path(
        "<int:pk>/worksheets/<int:number>/comments/<int:comment_id>/resolve/",
        views.comment_resolve,
        name="comment_resolve",
    ),
    path("<int:pk>/import/", views.plan_import, name="plan_import"),
    path("<int:pk>/import/apply/", views.plan_import_apply, name="plan_import_apply"),
    path("<int:pk>/worksheets/<int:number>/", views.worksheet_page, name="worksheet"),
    path("<int:pk>/worksheets/<int:number>/<slug:table>/new-row/", views.worksheet_new_row, name="new_row"),
    path("<int:pk>/worksheets/<int:number>/history/", views.worksheet_history_page, name="history"),
    path(
        "<int:pk>/worksheets/<int:number>/<slug:table>/<int:row_id>/restore/",
        views.worksheet_restore_row,
        name="restore_row",
    ),
]
