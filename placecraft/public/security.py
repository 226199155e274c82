"""The deployment's security contact: published in /.well-known/security.txt (RFC 9116) and on
the about page, and checked by ``manage.py check --deploy``."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register
from django.utils import timezone

# RFC 9116 asks for an expiry less than a year away; the file is written on each request, so
# it stays valid for as long as the deployment serves it.
EXPIRES_AFTER = timedelta(days=180)


def contact_uri() -> str:
    """The configured contact as a URI; a bare email address becomes a mailto: link."""
    contact = str(settings.PLACECRAFT_SECURITY_CONTACT).strip()
    if contact and ":" not in contact and "@" in contact:
        return f"mailto:{contact}"
    return contact


def security_txt() -> str:
    expires = (timezone.now() + EXPIRES_AFTER).replace(microsecond=0)
    lines = [
        f"Contact: {contact_uri()}",
        f"Expires: {expires.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: en",
        f"Canonical: {settings.SITE_URL.rstrip('/')}/.well-known/security.txt",
    ]
    if settings.PLACECRAFT_SECURITY_POLICY_URL:
        lines.append(f"Policy: {settings.PLACECRAFT_SECURITY_POLICY_URL}")
    return "\n".join(lines) + "\n"


@register(Tags.security, deploy=True)
def check_security_contact(**kwargs: Any) -> list[CheckMessage]:
    contact = contact_uri()
    if not contact:
        return [
            Warning(
                "No security contact is set, so /.well-known/security.txt answers 404 and "
                "the about page cannot say where to report a vulnerability.",
                hint="Set SECURITY_CONTACT to a mailto: or https: URI your team reads.",
                id="placecraft.W001",
            )
        ]
    if not contact.startswith(("mailto:", "https://", "tel:")):
        return [
            Warning(
                f"SECURITY_CONTACT ({contact}) is not a mailto:, https: or tel: URI.",
                hint="RFC 9116 asks for one of these, for example mailto:security@example.org.",
                id="placecraft.W002",
            )
        ]
    return []
