from __future__ import annotations

from placecraft.testing import Page, no_args, place_args

PAGES = [
    Page("home", no_args),
    Page("accessibility", no_args),
    Page("about", no_args),
    Page("place_home", place_args),
    Page("place_home", place_args, user="council_member"),
    Page("toolkit_home", place_args),
    Page("toolset", lambda w: [w.place.slug, "system-mobilisation"], user="partner_member"),
]

NOT_PAGES = {
    "healthz": "JSON for load balancers",
    "security_txt": "plain text for security researchers (RFC 9116)",
    "place_brand_css": "a stylesheet",
}
