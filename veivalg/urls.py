from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls

from veivalg.core import health
from veivalg.core import views as core_views
from veivalg.directory.views import home

urlpatterns = [
    path("", home.home, name="home"),
    path("sprak/", core_views.set_language, name="set_language"),
    path("helse/", health.live, name="health_live"),
    path("helse/klar/", health.ready, name="health_ready"),
    path("redaktor/", include(wagtailadmin_urls)),
    # Staff second factor (TOTP) between the admin's password step and the admin.
    path("", include("veivalg.accounts.urls_staff")),
    path("api/", include("veivalg.directory.hsds.urls")),
    path("", include("veivalg.places.urls")),
    path("", include("veivalg.directory.urls")),
    path("", include("veivalg.events.urls")),
    path("", include("veivalg.guide.urls")),
    path("", include("veivalg.sitesearch.urls")),
    path("", include("veivalg.accounts.urls")),
    path("", include("veivalg.reminders.urls")),
    path("", include("veivalg.intake.urls")),
    path("", include("veivalg.placements.urls")),
    path("", include("veivalg.stats.urls")),
    # Editorial pages (Wagtail page tree) live under /info/.
    path("info/", include("veivalg.content.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "veivalg.core.views.not_found"
handler500 = "veivalg.core.views.server_error"
