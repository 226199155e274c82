from __future__ import annotations

from placecraft.testing import Access, everyone, no_args, place_args

ACCESS = [
    Access("home", no_args, everyone()),
    Access("healthz", no_args, everyone()),
    Access("accessibility", no_args, everyone()),
    Access("about", no_args, everyone()),
    Access("place_home", place_args, everyone()),
    Access("place_brand_css", place_args, everyone()),
    Access("toolkit_home", place_args, everyone()),
    Access("toolset", lambda w: [w.place.slug, "culture"], everyone()),
]
