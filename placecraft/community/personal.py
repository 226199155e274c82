"""Personal data the community app holds: ideas, comments, supports, questions, feedback and grant
applications a person made. Erasing removes the person's name from them and the account link;
ideas and comments keep their words (they are public contributions) under "A former resident",
supports are deleted with their counts adjusted."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F

from placecraft.community.models import (
    Application,
    Comment,
    Feedback,
    Idea,
    Question,
    Report,
    Support,
)

if TYPE_CHECKING:
    from placecraft.accounts.models import User

FORMER = "A former resident"


def export_for(user: User) -> dict[str, Any]:
    return {
        "ideas": [
            {
                "title": i.title,
                "description": i.description,
                "postcode": i.postcode,
                "area": i.area,
                "created_at": i.created_at.isoformat(),
            }
            for i in Idea.objects.filter(author=user)
        ],
        "comments": [
            {"idea": c.idea_id, "body": c.body, "created_at": c.created_at.isoformat()}
            for c in Comment.objects.filter(author=user)
        ],
        "supports": list(Support.objects.filter(user=user).values_list("idea_id", flat=True)),
        "questions": [q.text for q in Question.objects.filter(author=user)],
        "feedback": [f.body for f in Feedback.objects.filter(author=user)],
        "grant_applications": [
            {"group": a.group_name, "title": a.title, "email": a.contact_email, "status": a.status}
            for a in Application.objects.filter(applicant=user)
        ],
    }


def erase_for(user: User) -> None:
    with transaction.atomic():
        for support in Support.objects.filter(user=user):
            Idea.objects.filter(pk=support.idea_id).update(support_count=F("support_count") - 1)
        Support.objects.filter(user=user).delete()
        Idea.objects.filter(author=user).update(author=None, author_name=FORMER, postcode="")
        Comment.objects.filter(author=user).update(author=None, author_name=FORMER)
        Feedback.objects.filter(author=user).update(author=None, author_name=FORMER)
        Question.objects.filter(author=user).update(author=None)
        Report.objects.filter(reporter=user).update(reporter=None)
        Application.objects.filter(applicant=user).update(applicant=None, contact_email="")
