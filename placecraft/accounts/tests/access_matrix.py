from __future__ import annotations

from placecraft.accounts.models import ApiToken
from placecraft.api.tokens import create_token
from placecraft.testing import Access, World, everyone, expect, no_args, signed_in


def bobs_token(world: World) -> list[int]:
    def make(w: World) -> ApiToken:
        return create_token(
            user=w.users["council_admin"], name="pipeline", scope="read", organisation=None, days=30
        ).token

    return [world.once("bobs_token", make).pk]


ACCESS = [
    Access("account_profile", no_args, signed_in()),
    Access("my_data", no_args, signed_in()),
    Access("my_data_json", no_args, signed_in()),
    # An empty confirmation erases nothing: the form comes back with its error.
    Access("erase_me", no_args, signed_in(), method="POST"),
    Access("api_tokens", no_args, signed_in()),
    # Only the token's owner can revoke it; for everyone else it does not exist.
    Access(
        "api_token_revoke",
        bobs_token,
        expect(
            place_admin=404,
            council_admin=302,
            council_member=404,
            partner_member=404,
            resident=404,
            outsider=404,
            anonymous=302,
        ),
        method="POST",
    ),
    # Setting up a second factor needs a sign-in within the last few minutes (the matrix signs
    # people in without one, so they are sent to confirm their password); alice has one already.
    Access("mfa_activate_totp", no_args, everyone(302)),
    # Nobody in the fixture has recovery codes yet.
    Access("mfa_view_recovery_codes", no_args, signed_in(404)),
]
