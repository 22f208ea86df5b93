from django.urls import path

from . import views

app_name = "reminders"
urlpatterns = [
    path("paminnelse/", views.subscribe, name="subscribe"),
    path("paminnelse/sjekk-e-posten/", views.check_email, name="check_email"),
    path("paminnelse/bekreft/<str:token>/", views.confirm, name="confirm"),
    path("paminnelse/avmeld/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
