from django.urls import path

from .views import exports, plans, regional, review, worksheets

app_name = "worksheets"

urlpatterns = [
    path("", plans.plan_list, name="plan_list"),
    path("new/", plans.plan_create, name="plan_create"),
    path("<int:pk>/", plans.plan_detail, name="plan"),
    path("<int:pk>/plan.pdf", exports.plan_pdf, name="plan_pdf"),
    path("<int:pk>/plan.xlsx", exports.plan_xlsx, name="plan_xlsx"),
    path("regions/<slug:slug>/plans.xlsx", exports.region_xlsx, name="region_xlsx"),
    path("regions/comparisons/", regional.comparisons_home, name="comparisons_home"),
    path("regions/<slug:slug>/comparisons/", regional.region_comparisons, name="region_comparisons"),
    path(
        "regions/<slug:slug>/comparisons/<slug:key>/",
        regional.region_comparison,
        name="region_comparison",
    ),
    path(
        "regions/<slug:slug>/comparisons/<slug:key>.xlsx",
        regional.region_comparison_xlsx,
        name="region_comparison_xlsx",
    ),
    path("regions/<slug:slug>/review.pdf", regional.region_review_pdf, name="region_review_pdf"),
    path("regions/<slug:slug>/review.xlsx", regional.region_review_xlsx, name="region_review_xlsx"),
    path("regions/<slug:slug>/dashboard/", review.coordinator_dashboard, name="dashboard"),
    path("<int:pk>/status/<slug:action>/", review.plan_transition, name="transition"),
    path("<int:pk>/versions/<int:number>/plan.pdf", review.version_pdf, name="version_pdf"),
    path("<int:pk>/versions/compare/", review.version_compare, name="version_compare"),
    path("<int:pk>/versions/<int:number>/decision/", review.version_decision, name="version_decision"),
    path("<int:pk>/worksheets/<int:number>/comments/", worksheets.comment_create, name="comment_create"),
    path(
        "<int:pk>/worksheets/<int:number>/comments/<int:comment_id>/resolve/",
        worksheets.comment_resolve,
        name="comment_resolve",
    ),
    path("<int:pk>/import/", exports.plan_import, name="plan_import"),
    path("<int:pk>/import/apply/", exports.plan_import_apply, name="plan_import_apply"),
    path("<int:pk>/worksheets/<int:number>/", worksheets.worksheet_page, name="worksheet"),
    path("<int:pk>/worksheets/<int:number>/<slug:table>/new-row/", worksheets.worksheet_new_row, name="new_row"),
    path("<int:pk>/worksheets/<int:number>/history/", worksheets.worksheet_history_page, name="history"),
    path(
        "<int:pk>/worksheets/<int:number>/<slug:table>/<int:row_id>/restore/",
        worksheets.worksheet_restore_row,
        name="restore_row",
    ),
]
