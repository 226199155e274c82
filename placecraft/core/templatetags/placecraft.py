"""Template helpers available in every template (registered as builtins in settings)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta
from html import escape
from typing import Any

from django import forms, template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from placecraft.core import listing
from placecraft.core.forms import style_fields
from placecraft.core.markdown import render_markdown
from placecraft.core.queue import queue_state

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """Markdown from users, sanitised by nh3 before it is marked safe."""
    return mark_safe(render_markdown(text))


# ``{{ value|short_date }}`` and ``{{ value|long_date }}`` write what ``date:"j M Y"`` and
# ``date:"j F Y"`` write, without parsing the format each time: lists show a date a row.
register.filter("short_date", listing.short_date, is_safe=True, expects_localtime=True)
register.filter("long_date", listing.long_date, is_safe=True, expects_localtime=True)
# ``{{ amount|money }}`` (pounds) or ``{{ amount|money:round.currency }}``: £75,000, €12.50.
register.filter("money", listing.money, is_safe=True)


@register.filter
def govuk_styled(form: forms.BaseForm) -> forms.BaseForm:
    """Give a third-party form (django-allauth's) the GOV.UK classes our own forms have."""
    style_fields(form)
    return form


@register.filter
def table_rows(rows: Iterable[Sequence[Any]]) -> SafeString:
    """A chart's data table body: each row's first cell heads it, the rest are numbers.

    Written in Python rather than as a template loop (and with the standard library's
    ``escape``, which Django's lazy-aware helpers wrap at a cost per call): a report carries a
    table for every chart, each with a row per period, and rendering the cells was most of
    its time. Every cell is escaped."""
    return mark_safe(
        "\n".join(
            f'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
            f"{escape(str(row[0]))}</th>"
            + "".join(
                f'<td class="govuk-table__cell govuk-table__cell--numeric">{escape(str(c))}</td>'
                for c in row[1:]
            )
            + "</tr>"
            for row in rows
        )
    )


@register.inclusion_tag("components/queue_wait.html")
def queue_wait() -> dict[str, Any]:
    """On a page that waits for background work: how long the oldest waiting task has waited,
    and a warning when it has waited so long that no worker can be running."""
    return {"queue": queue_state()}


@register.filter
def duration_words(wait: timedelta | None) -> str:
    """A wait in words: "less than a minute", "3 minutes", "2 hours and 5 minutes"."""
    if wait is None:
        return ""
    minutes = int(wait.total_seconds() // 60)
    if minutes < 1:
        return gettext("less than a minute")
    hours, minutes = divmod(minutes, 60)
    minutes_text = ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    if not hours:
        return minutes_text
    hours_text = ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    if not minutes:
        return hours_text
    return gettext("%(hours)s and %(minutes)s") % {"hours": hours_text, "minutes": minutes_text}
