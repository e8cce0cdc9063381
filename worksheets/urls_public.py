from django.urls import path

from .views import public

app_name = "public"

urlpatterns = [
    path("", public.region_list, name="regions"),
    path("plans/<int:pk>/", public.plan_page, name="plan"),
    path("plans/<int:pk>/plan.pdf", public.plan_pdf, name="plan_pdf"),
    path("plans/<int:pk>/plan.xlsx", public.plan_xlsx, name="plan_xlsx"),
    path("<slug:slug>/", public.region_page, name="region"),
    path("<slug:slug>/reviews/<int:pk>/", public.edition_page, name="edition"),
    path("<slug:slug>/reviews/<int:pk>/review.pdf", public.edition_pdf, name="edition_pdf"),
    path("<slug:slug>/reviews/<int:pk>/review.xlsx", public.edition_xlsx, name="edition_xlsx"),
    path("<slug:slug>/comparisons/<slug:key>/", public.comparison, name="comparison"),
    path("<slug:slug>/comparisons/<slug:key>.xlsx", public.comparison_xlsx, name="comparison_xlsx"),
]
