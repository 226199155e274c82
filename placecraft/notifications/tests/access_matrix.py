from __future__ import annotations

from placecraft.testing import Access, no_args, signed_in

ACCESS = [
    Access("notification_list", no_args, signed_in()),
    Access("notification_read_all", no_args, signed_in(302), method="POST"),
]
