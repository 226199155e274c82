"""What a place's privacy notice and cookies page say.

The starting wording of each section is ours, written for a council to adapt; a section the
place admin leaves empty shows it. Retention periods and cookies are not typed in by anyone:
they are read from what the software does (the purge commands, the panels' own retention
periods, the cookie settings), so the notice cannot drift away from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from placecraft.places import access
from placecraft.places.access import AnyUser
from placecraft.places.models import Place, PrivacyNotice


@dataclass(frozen=True)
class Section:
    field: str
    title: Promise
    default: Promise


SECTIONS = (
    Section(
        "accounts",
        _("Accounts"),
        _(
            "**What we hold:** your email address, the name you give, the display name you "
            "choose, the organisations you belong to and when you last signed in.\n\n"
            "**Why:** so you can sign in, take part and be told about things you asked to "
            "follow.\n\n"
            "**Lawful basis:** carrying out a task in the public interest (UK GDPR "
            "article 6(1)(e)): involving residents and partners in the place's missions."
        ),
    ),
    Section(
        "ideas",
        _("Ideas"),
        _(
            "**What we hold:** the ideas, comments and feedback you send, the area you pick and, "
            "if you give one, a postcode.\n\n"
            "**Why:** to publish what residents propose, respond to it and see which parts of "
            "the place we have heard from. Your words are shown publicly with the display name "
            "you choose, never your full name or email address. A postcode is seen only by the "
            "organisers.\n\n"
            "**Lawful basis:** a task in the public interest (UK GDPR article 6(1)(e))."
        ),
    ),
    Section(
        "ballots",
        _("Ballots"),
        _(
            "**What we hold:** the projects you vote for and, where voting needs one, the "
            "single-use voting code you were given.\n\n"
            "**Why:** to run the participatory budget fairly: one vote per person, counted by the "
            "published rule. Published results never show who voted for what.\n\n"
            "**Lawful basis:** a task in the public interest (UK GDPR article 6(1)(e))."
        ),
    ),
    Section(
        "panel_pools",
        _("Panel pools"),
        _(
            "**What we hold:** when you volunteer for a citizens' panel, your contact details "
            "and your answers about yourself (such as age group, area and, if you choose to "
            "say, ethnicity or disability).\n\n"
            "**Why:** to draw a panel by lottery that looks like the place, and to contact "
            "the people drawn.\n\n"
            "**Lawful basis:** your consent (UK GDPR article 6(1)(a)); for answers about "
            "ethnicity or health, your explicit consent (article 9(2)(a)). You can withdraw "
            "before the draw."
        ),
    ),
    Section(
        "surveys",
        _("Surveys"),
        _(
            "**What we hold:** your answers to surveys, such as the missions mindset survey of "
            "staff. Answers are not linked to your name or account, and results are shown only "
            "once enough people have answered that nobody can be picked out.\n\n"
            "**Why:** to see how the organisation is changing over time.\n\n"
            "**Lawful basis:** a task in the public interest (UK GDPR article 6(1)(e))."
        ),
    ),
    Section(
        "partner_data",
        _("Partner data"),
        _(
            "**What we hold:** the names and work email addresses of people in partner "
            "organisations, their roles, and what their organisations commit to and report.\n\n"
            "**Why:** so partners can plan and report on the missions together.\n\n"
            "**Lawful basis:** our legitimate interest in working with partners (UK GDPR "
            "article 6(1)(f)), or a task in the public interest (article 6(1)(e)) for public "
            "bodies."
        ),
    ),
)

RIGHTS_DEFAULT = _(
    "You have the right to see the personal data we hold about you, to have it corrected, to "
    "have it erased, to limit or object to how we use it, and to take it to another service.\n\n"
    "Signed in, you can download everything held about you and erase your account yourself "
    "from your account's data page. For anything else, write to the controller or the data "
    "protection officer named above; we answer within one month.\n\n"
    "If you are unhappy with how we have used your data, you can complain to the Information "
    "Commissioner's Office (ico.org.uk)."
)

EDITABLE = (
    "controller_name",
    "controller_contact",
    "dpo_contact",
    *(section.field for section in SECTIONS),
    "rights",
)


def defaults() -> dict[str, str]:
    """The starting wording of each section, by field name."""
    texts = {section.field: str(section.default) for section in SECTIONS}
    texts["rights"] = str(RIGHTS_DEFAULT)
    return texts


def notice_for(place: Place) -> PrivacyNotice:
    """The place's notice, or an unsaved empty one (every section then shows its default)."""
    return PrivacyNotice.objects.filter(place=place).first() or PrivacyNotice(place=place)


def sections(notice: PrivacyNotice) -> list[tuple[Promise, str]]:
    return [
        (section.title, getattr(notice, section.field) or str(section.default))
        for section in SECTIONS
    ]


def rights(notice: PrivacyNotice) -> str:
    return notice.rights or str(RIGHTS_DEFAULT)


def _days(days: int) -> str:
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}


@dataclass(frozen=True)
class Retention:
    what: str
    period: str
    how: str


def retention(user: AnyUser, place: Place) -> list[Retention]:
    """How long each kind of data is kept, as the software actually does it."""
    from placecraft.panels.models import Panel

    default_days = int(Panel._meta.get_field("retention_days").default)
    panels = access.visible(Panel.objects.filter(place=place), user, place).only(
        "title", "retention_days", "organisation_id", "visibility"
    )
    panel_periods = "; ".join(f"{p.title}: {_days(p.retention_days)}" for p in panels)
    return [
        Retention(
            str(_("Accounts")),
            str(_("Until you erase your account")),
            str(_("Erasing it from your account's data page takes effect at once.")),
        ),
        Retention(
            str(_("Ideas, comments and feedback")),
            str(_("As long as the process is published")),
            str(_("Erasing your account removes your name from them.")),
        ),
        Retention(
            str(_("Voting codes")),
            str(_("Until voting closes")),
            str(_("Deleted by the purge_voting_codes command once a round's voting has closed.")),
        ),
        Retention(
            str(_("Ballots")),
            str(_("Kept, with no name attached")),
            str(_("So that the published count can be checked again.")),
        ),
        Retention(
            str(_("Panel pools")),
            str(
                _("%(days)s after the panel is drawn, unless the panel states otherwise")
                % {"days": _days(default_days)}
            )
            + (f" ({panel_periods})" if panel_periods else ""),
            str(
                _(
                    "Contact details, and the answers of people not drawn, are deleted by the "
                    "purge_panel_pools command, run daily; the published record of the draw stays."
                )
            ),
        ),
        Retention(
            str(_("Survey answers")),
            str(_("Kept without names")),
            str(_("To compare rounds of the same survey over time.")),
        ),
    ]


def _lifetime(seconds: int) -> str:
    weeks, rest = divmod(seconds, 7 * 24 * 3600)
    if weeks and not rest:
        return ngettext("%(n)d week", "%(n)d weeks", weeks) % {"n": weeks}
    return _days(max(1, round(seconds / (24 * 3600))))


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: str
    lifetime: str


def cookies() -> list[Cookie]:
    """The cookies the product sets, every one strictly necessary, with their real names and
    lifetimes from the settings."""
    from placecraft.frameworks.views import SURVEY_COOKIE, SURVEY_COOKIE_AGE

    session_lifetime = (
        str(_("Until you close your browser"))
        if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
        else _lifetime(settings.SESSION_COOKIE_AGE)
    )
    return [
        Cookie(
            settings.SESSION_COOKIE_NAME,
            str(_("Keeps you signed in as you move from page to page.")),
            session_lifetime,
        ),
        Cookie(
            settings.CSRF_COOKIE_NAME,
            str(_("Checks that forms you send came from this site, to stop forged requests.")),
            _lifetime(settings.CSRF_COOKIE_AGE),
        ),
        Cookie(
            CookieStorage.cookie_name,
            str(_("Carries a message, such as 'your changes have been saved', to the next page.")),
            str(_("Until the message is shown")),
        ),
        Cookie(
            SURVEY_COOKIE.format("…"),
            str(
                _(
                    "Remembers that this browser has answered a survey (the number is the "
                    "survey's), so answers are not counted twice. It holds no answers."
                )
            ),
            _lifetime(SURVEY_COOKIE_AGE),
        ),
    ]
