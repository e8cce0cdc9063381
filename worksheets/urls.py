from django.urls import path

from . import views

app_name = "worksheets"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("new/", views.plan_create, name="plan_create"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("<int:pk>/plan.xlsx", views.plan_xlsx, name="plan_xlsx"),
    path("regions/<slug:slug>/plans.xlsx", views.region_xlsx, name="region_xlsx"),
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
