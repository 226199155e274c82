from __future__ import annotations

from placecraft.testing import Access, everyone, no_args, place_args

ACCESS = [
    Access("home", no_args, everyone()),
    Access("healthz", no_args, everyone()),
    Access("accessibility", no_args, everyone()),
    Access("about", no_args, everyone()),
    # 404 until SECURITY_CONTACT is set (it is not in tests; test_public covers the set case).
    Access("security_txt", no_args, everyone(404)),
    Access("place_home", place_args, everyone()),
    Access("place_brand_css", place_args, everyone()),
    Access("toolkit_home", place_args, everyone()),
    Access("toolset", lambda w: [w.place.slug, "culture"], everyone()),
]
