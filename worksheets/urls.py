from django.urls import path

from . import views

app_name = "worksheets"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("new/", views.plan_create, name="plan_create"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/worksheets/<int:number>/", views.worksheet_page, name="worksheet"),
    path("<int:pk>/worksheets/<int:number>/<slug:table>/new-row/", views.worksheet_new_row, name="new_row"),
    path("<int:pk>/worksheets/<int:number>/history/", views.worksheet_history_page, name="history"),
    path(
        "<int:pk>/worksheets/<int:number>/<slug:table>/<int:row_id>/restore/",
        views.worksheet_restore_row,
        name="restore_row",
    ),
]
