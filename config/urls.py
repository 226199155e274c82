from pathlib import Path

from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.views.static import serve

from placecraft.api.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("placecraft.public.urls")),
    path("", include("placecraft.places.urls")),
    path("", include("placecraft.notifications.urls")),
    path("", include("placecraft.frameworks.urls")),
    path("", include("placecraft.missions.urls")),
    path("", include("placecraft.panels.urls")),
    path("", include("placecraft.community.urls")),
    path("", include("placecraft.budgeting.urls")),
    path("", include("placecraft.evidence.urls")),
    path("", include("placecraft.partners.urls")),
    path("", include("placecraft.sprints.urls")),
    path("", include("placecraft.openness.urls")),
    path("", include("placecraft.impact.urls")),
    path("", include("placecraft.reports.urls")),
    path("accounts/2fa/", include("placecraft.accounts.mfa_urls")),
    path("accounts/", include("allauth.urls")),
    path("account/", include("placecraft.accounts.urls")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]

if settings.DEBUG:
    # Place logos are public and served straight from MEDIA_ROOT (in production by the web
    # server); every other upload is served by a view that checks who is asking.
    urlpatterns += [
        path(
            "media/logos/<path:path>",
            serve,
            {"document_root": Path(settings.MEDIA_ROOT) / "logos"},
        )
    ]

handler403 = "placecraft.public.views.error_403"
handler404 = "placecraft.public.views.error_404"
handler500 = "placecraft.public.views.error_500"
