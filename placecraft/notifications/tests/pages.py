from __future__ import annotations

from placecraft.notifications.services import notify
from placecraft.testing import Page, World


def with_a_notification(world: World) -> list[object]:
    world.once(
        "notification",
        lambda w: notify(
            user=w.users["council_member"],
            kind="reminder",
            title="Update your mission",
            url="/dashboard/",
        ),
    )
    return []


PAGES = [Page("notification_list", with_a_notification, user="council_member")]

NOT_PAGES = {"notification_read_all": "POST only: the button is on the notifications page"}
