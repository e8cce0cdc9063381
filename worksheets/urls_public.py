from django.urls import path

from . import views_public

app_name = "public"

urlpatterns = [
    path("", views_public.region_list, name="regions"),
    path("plans/<int:pk>/", views_public.plan_page, name="plan"),
    path("plans/<int:pk>/plan.pdf", views_public.plan_pdf, name="plan_pdf"),
    path("plans/<int:pk>/plan.xlsx", views_public.plan_xlsx, name="plan_xlsx"),
    path("<slug:slug>/", views_public.region_page, name="region"),
    path("<slug:slug>/comparisons/<slug:key>/", views_public.comparison, name="comparison"),
    path("<slug:slug>/comparisons/<slug:key>.xlsx", views_public.comparison_xlsx, name="comparison_xlsx"),
]
