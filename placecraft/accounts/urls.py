from django.urls import path

from placecraft.accounts import views

urlpatterns = [
    path("profile/", views.profile, name="account_profile"),
    path("data/", views.my_data, name="my_data"),
    path("data.json", views.my_data_json, name="my_data_json"),
    path("erase/", views.erase_me, name="erase_me"),
    path("tokens/", views.api_tokens, name="api_tokens"),
    path("tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
