"""Staff sign-in, the staff home page and the outgoing-mail page under /ansatt/ (namespace "staff")."""

from django.urls import path

from . import outgoing_mail, staff, staff_portal

app_name = "staff"
urlpatterns = [
    path("ansatt/", staff_portal.home, name="home"),
    path("ansatt/logg-inn/", staff_portal.StaffSignInView.as_view(), name="sign_in"),
    path("ansatt/logg-ut/", staff_portal.sign_out, name="sign_out"),
    path("ansatt/kode/", staff.verify, name="verify"),
    path("ansatt/kode/ny-app/", staff.enrol, name="enrol"),
    path("ansatt/e-post/", outgoing_mail.outgoing_mail, name="outgoing_mail"),
    path("ansatt/e-post/<uuid:mail_id>/send-pa-nytt/", outgoing_mail.resend, name="resend_mail"),
]
