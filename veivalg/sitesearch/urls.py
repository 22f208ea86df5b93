from django.urls import path

from . import views

app_name = "sitesearch"
urlpatterns = [path("sok/alt/", views.search_all, name="search")]
