from django.urls import include, path

from . import views

# Included once from veivalg/urls.py: the accounts pages and the audit app's pages, each under
# its own namespace ("accounts:…", "audit:…").
accounts_patterns = [
    path("logg-inn/", views.sign_in, name="sign_in"),
    path("logg-inn/start/", views.start_sign_in, name="start_sign_in"),
    path("logg-inn/tilbake/", views.callback, name="callback"),
    path("logg-ut/", views.sign_out, name="sign_out"),
    path("logget-ut/", views.signed_out, name="signed_out"),
    path("min-side/", views.my_page, name="my_page"),
    path("min-side/handle-for/", views.choose_person, name="choose_person"),
    path("min-side/handle-for/meg-selv/", views.switch_back, name="switch_back"),
    path("min-side/hvem-handler-for-meg/", views.relatives, name="relatives"),
    path("min-side/hvem-handler-for-meg/avslutt/", views.end_access, name="end_access"),
    path("min-side/samtykker/", views.consents, name="consents"),
    path("min-side/samtykker/<uuid:consent_id>/trekk-tilbake/", views.withdraw, name="withdraw_consent"),
    path("min-side/mine-data/", views.my_data, name="my_data"),
    path("min-side/mine-data/veivalg-mine-data.json", views.my_data_json, name="my_data_json"),
    path("min-side/mine-data/veivalg-mine-data.pdf", views.my_data_pdf, name="my_data_pdf"),
    path("min-side/mine-data/retting/", views.ask_correction, name="ask_correction"),
    path("min-side/mine-data/sletting/", views.ask_deletion, name="ask_deletion"),
    path(
        "min-side/mine-data/foresporsel/<uuid:request_id>/", views.request_received, name="request_received"
    ),
]

urlpatterns = [
    path("", include((accounts_patterns, "accounts"))),
    path("", include("veivalg.audit.urls")),
]
