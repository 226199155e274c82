"""django-allauth's pages, restyled with GOV.UK Frontend, checked with axe like our own."""

from __future__ import annotations

from placecraft.testing import Page, no_args

PAGES = [
    Page("account_login", no_args),
    Page("account_signup", no_args),
    Page("account_reset_password", no_args),
    Page("account_change_password", no_args, user="council_member"),
    Page("account_email", no_args, user="council_member"),
    Page("mfa_index", no_args, user="council_member"),
]

PAGES.append(Page("api_tokens", no_args, user="council_member"))
PAGES.append(Page("my_data", no_args, user="partner_member"))
PAGES.append(Page("account_profile", no_args, user="resident"))

NOT_PAGES = {
    "api_token_revoke": "POST only: the form is on the API tokens page",
    "my_data_json": "a JSON download",
    "erase_me": "POST only: the form is on the your data page",
    "mfa_activate_totp": "needs a fresh sign-in; test_first_hour drives it and checks it with axe",
    "mfa_view_recovery_codes": "shown only after set-up; test_first_hour checks it with axe",
}
