from django.urls import path

from placecraft.public import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("about/", views.about, name="about"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("p/<slug:place>/", views.place_home, name="place_home"),
    path("p/<slug:place>/brand.css", views.brand_css, name="place_brand_css"),
    path("p/<slug:place>/toolkit/", views.toolkit_home, name="toolkit_home"),
    path("p/<slug:place>/toolkit/<slug:toolset>/", views.toolset, name="toolset"),
]
