"""The API's own URLs (its endpoints are tested with tokens in test_api.py)."""

from __future__ import annotations

from placecraft.testing import Access, everyone, no_args

ACCESS = [
    Access("api:api-root", no_args, everyone(404)),
    Access("api:openapi-json", no_args, everyone()),
    Access("api:openapi-view", no_args, everyone()),
    Access("api:list_places", no_args, everyone()),
    Access("api:get_place", lambda w: [w.place.slug], everyone()),
    Access("api:list_organisations", lambda w: [w.place.slug], everyone()),
    Access("api:get_organisation", lambda w: [w.place.slug, w.council.slug], everyone()),
]
