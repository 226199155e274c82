"""Pages for weeknotes, stories, events and champions: the place's public site sections and the
forms people use to write them. Each view: access, form, service, render or redirect."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from placecraft.core import listing, uploads
from placecraft.core.http import AuthenticatedRequest
from placecraft.core.models import Visibility
from placecraft.core.ratelimit import allow, client_address
from placecraft.missions.models import Mission
from placecraft.openness import access as open_access
from placecraft.openness import services
from placecraft.openness.forms import (
    ChampionForm,
    CommitmentForm,
    EventForm,
    FindCommitmentsForm,
    ImageForm,
    RegistrationForm,
    StoryForm,
    SubscribeForm,
    VoiceForm,
    WeeknoteForm,
    WithdrawForm,
)
from placecraft.openness.ical import event_ics
from placecraft.openness.models import (
    Champion,
    DigestSubscription,
    Event,
    EventKind,
    PublishStatus,
    Registration,
    RegistrationStatus,
    Story,
    StoryImage,
    Voice,
)
from placecraft.partners.access import visible_commitments, visible_missions
from placecraft.places import access
from placecraft.places.models import Membership, Place
from placecraft.sprints.forms import add_errors, monday, unique_slug

WEEKNOTES_PER_PAGE = 20
REGISTRATIONS_PER_HOUR = 10
SUBSCRIPTIONS_PER_HOUR = 5


def _owners(request: HttpRequest, place: Place) -> Any:
    return access.writable_organisations(request.user, place)


def _form_page(
    request: HttpRequest, place: Place, form: Any, heading: str, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "openness/form_page.html",
        {"place": place, "form": form, "heading": heading, **extra},
    )


def _public_mission(place: Place, slug: str) -> Mission | None:
    if not slug:
        return None
    return Mission.objects.filter(place=place, slug=slug, visibility="public").first()


# The section's front page -------------------------------------------------------------------


def open_home(request: HttpRequest, place: str) -> HttpResponse:
    """Working in the open: the latest public weeknotes, stories, events and champions."""
    place_obj = access.get_place(place)
    now = timezone.now()
    return render(
        request,
        "openness/open_home.html",
        {
            "place": place_obj,
            "weeknotes": list(
                open_access.public_weeknotes(place_obj)
                .select_related("author")
                .order_by("-published_at")[:5]
            ),
            "stories": list(open_access.public_stories(place_obj).order_by("-published_at")[:3]),
            "events": list(
                open_access.public_events(place_obj)
                .filter(ends_at__gte=now)
                .order_by("starts_at")[:3]
            ),
            "champions": list(open_access.public_champions(place_obj).order_by("name")[:6]),
        },
    )


# Weeknotes ----------------------------------------------------------------------------------


@dataclass
class Window:
    """One page of a long list read without counting the list: one row more than the page is
    fetched to know whether an older page follows. Counting every weeknote of a place on each
    page cost more than reading the page itself."""

    number: int
    object_list: list[Any]
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def _window(rows: Any, page: str | None, size: int) -> Window:
    # Bounded so that a made-up page number cannot ask the database for an absurd offset.
    number = int(page) if page and page.isdigit() and 0 < int(page) <= 100_000 else 1
    start = (number - 1) * size
    found = list(rows[start : start + size + 1])
    return Window(number, found[:size], len(found) > size)


def weeknote_list(request: HttpRequest, place: str) -> HttpResponse:
    """The stream for the place, or for one mission, team (sprint) or author."""
    place_obj = access.get_place(place)
    notes = open_access.visible_weeknotes(request.user, place_obj)
    mission = request.GET.get("mission", "")
    team = request.GET.get("team", "")
    author = request.GET.get("author", "")
    heading, feed_url = "Weeknotes", reverse("weeknote_feed", args=[place_obj.slug])
    if mission:
        notes = notes.filter(missions__slug=mission)
        found = _public_mission(place_obj, mission)
        heading = f"Weeknotes: {found.title}" if found else "Weeknotes for one mission"
        feed_url = reverse("weeknote_mission_feed", args=[place_obj.slug, mission]) if found else ""
    if team:
        notes = notes.filter(sprint__slug=team)
        heading = "Weeknotes from one sprint team"
        feed_url = ""
    if author.isdigit():
        notes = notes.filter(author_id=int(author))
        heading = "Weeknotes by one author"
        feed_url = reverse("weeknote_author_feed", args=[place_obj.slug, int(author)])
    page = _window(
        notes.select_related("author", "organisation").order_by("-published_at", "-id"),
        request.GET.get("page"),
        WEEKNOTES_PER_PAGE,
    )
    return render(
        request,
        "openness/weeknote_list.html",
        {
            "place": place_obj,
            "page": page,
            "heading": heading,
            "feed_url": feed_url,
            "can_create": _owners(request, place_obj).exists(),
        },
    )


@login_required
def weeknote_create(request: AuthenticatedRequest, place: str) -> HttpResponse:
    place_obj = access.get_place(place)
    open_access.require_creator(request.user, place_obj)
    form = WeeknoteForm(
        request.POST or None,
        initial={
            "week_of": monday(timezone.localdate()),
            "visibility": "public",
            "status": PublishStatus.DRAFT,
        },
        place=place_obj,
        owners=_owners(request, place_obj),
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        note = services.save_weeknote(
            actor=request.user,
            place=place_obj,
            organisation=form.cleaned_data["organisation"],
            data=form.values(),
            missions=list(form.cleaned_data["missions"]),
        )
        messages.success(request, "Your weeknote has been saved.")
        return redirect("weeknote_detail", place_obj.slug, note.pk)
    return _form_page(request, place_obj, form, "Write a weeknote")


def weeknote_detail(request: HttpRequest, place: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    note = open_access.get_weeknote(request.user, place_obj, pk)
    return render(
        request,
        "openness/weeknote_detail.html",
        {
            "place": place_obj,
            "note": note,
            "missions": list(note.missions.filter(visibility="public")),
            "can_edit": access.can_edit(request.user, note),
        },
    )


@login_required
def weeknote_edit(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    note = open_access.get_weeknote(request.user, place_obj, pk, write=True)
    initial = {
        k: getattr(note, k)
        for k in ("title", "team_name", "week_of", "body", "sprint", "visibility", "status")
    }
    initial["missions"] = list(note.missions.all())
    form = WeeknoteForm(
        request.POST or None,
        initial=initial,
        place=place_obj,
        owners=None,
        editing=True,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        services.save_weeknote(
            actor=request.user,
            place=place_obj,
            weeknote=note,
            data=form.values(),
            missions=list(form.cleaned_data["missions"]),
        )
        messages.success(request, "Your changes have been saved.")
        return redirect("weeknote_detail", place_obj.slug, note.pk)
    return _form_page(request, place_obj, form, f"Edit {note.title}")


def weeknote_subscribe(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = access.get_place(place)
    initial = {"email": request.user.email} if request.user.is_authenticated else {}
    form = SubscribeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if not allow(
            "weeknote-subscribe",
            key=client_address(request),
            limit=SUBSCRIPTIONS_PER_HOUR,
            per=3600,
        ):
            return render(
                request,
                "openness/slow_down.html",
                {"place": place_obj},
                status=429,
            )
        subscription = services.subscribe(
            place=place_obj,
            email=form.cleaned_data["email"],
            user=request.user if request.user.is_authenticated else None,
        )
        if subscription.confirmed_at:
            messages.success(request, "You will get an email each week with new weeknotes.")
        else:
            messages.success(
                request, "Check your email: open the link we sent to confirm your subscription."
            )
        return redirect("weeknote_list", place_obj.slug)
    return _form_page(
        request,
        place_obj,
        form,
        "Get weeknotes by email",
        intro="Once a week, an email with the public weeknotes published that week. "
        "Every email has a link to stop them.",
        button="Subscribe",
    )


def _subscription(place: Place, token: str) -> DigestSubscription:
    try:
        return DigestSubscription.objects.get(place=place, token=token)
    except DigestSubscription.DoesNotExist:
        raise Http404("No such subscription") from None


def weeknote_digest_confirm(request: HttpRequest, place: str, token: str) -> HttpResponse:
    place_obj = access.get_place(place)
    subscription = _subscription(place_obj, token)
    if request.method == "POST":
        services.confirm_subscription(subscription=subscription)
        messages.success(request, "Your subscription is confirmed.")
        return redirect("weeknote_list", place_obj.slug)
    return render(
        request,
        "openness/confirm_action.html",
        {
            "place": place_obj,
            "heading": "Confirm your weeknotes email",
            "text": f"Send a weekly email of {place_obj.name}'s weeknotes to {subscription.email}.",
            "button": "Confirm",
        },
    )


def weeknote_unsubscribe(request: HttpRequest, place: str, token: str) -> HttpResponse:
    place_obj = access.get_place(place)
    subscription = _subscription(place_obj, token)
    if request.method == "POST":
        services.unsubscribe(subscription=subscription)
        messages.success(request, "You will not get any more weeknotes emails.")
        return redirect("weeknote_list", place_obj.slug)
    return render(
        request,
        "openness/confirm_action.html",
        {
            "place": place_obj,
            "heading": "Stop weeknotes emails",
            "text": f"Stop sending the weekly weeknotes email to {subscription.email}.",
            "button": "Unsubscribe",
        },
    )


# Stories ------------------------------------------------------------------------------------


def story_list(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = access.get_place(place)
    stories = open_access.visible_stories(request.user, place_obj).select_related("mission")
    mission = request.GET.get("mission", "")
    if mission:
        stories = stories.filter(mission__slug=mission)
    if request.GET.get("case_studies"):
        stories = stories.filter(is_case_study=True)
    page = Paginator(stories.order_by("-published_at", "-created_at"), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "openness/story_list.html",
        {
            "place": place_obj,
            "page": page,
            "mission": _public_mission(place_obj, mission),
            "can_create": _owners(request, place_obj).exists(),
        },
    )


@login_required
def story_create(request: AuthenticatedRequest, place: str) -> HttpResponse:
    place_obj = access.get_place(place)
    open_access.require_creator(request.user, place_obj)
    form = StoryForm(
        request.POST or None,
        initial={"visibility": "public"},
        place=place_obj,
        owners=_owners(request, place_obj),
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        data = form.values()
        data["slug"] = unique_slug(Story.objects.filter(place=place_obj), data["title"], "story")
        story = services.save_story(
            actor=request.user,
            place=place_obj,
            organisation=form.cleaned_data["organisation"],
            data=data,
        )
        messages.success(request, "The story is saved as a draft. Add the voices in it next.")
        return redirect("story_voices", place_obj.slug, story.slug)
    return _form_page(request, place_obj, form, "Tell a story")


def story_detail(request: HttpRequest, place: str, slug: str) -> HttpResponse:
    place_obj = access.get_place(place)
    story = open_access.get_story(request.user, place_obj, slug)
    mission = story.mission if story.mission and story.mission.visibility == "public" else None
    return render(
        request,
        "openness/story_detail.html",
        {
            "place": place_obj,
            "story": story,
            "mission": mission,
            "voices": list(story.voices.all()),
            "images": list(story.images.all()),
            "can_edit": access.can_edit(request.user, story),
        },
    )


@login_required
def story_edit(request: AuthenticatedRequest, place: str, slug: str) -> HttpResponse:
    place_obj = access.get_place(place)
    story = open_access.get_story(request.user, place_obj, slug, write=True)
    initial = {
        k: getattr(story, k)
        for k in ("title", "summary", "narrative", "mission", "is_case_study", "visibility")
    }
    form = StoryForm(
        request.POST or None,
        initial=initial,
        place=place_obj,
        owners=None,
        editing=True,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        services.save_story(actor=request.user, place=place_obj, story=story, data=form.values())
        messages.success(request, "Your changes have been saved.")
        return redirect("story_detail", place_obj.slug, story.slug)
    return _form_page(request, place_obj, form, f"Edit {story.title}")


@login_required
def story_voices(request: AuthenticatedRequest, place: str, slug: str) -> HttpResponse:
    """The voices in a story and their consent; add one, or record a withdrawal."""
    place_obj = access.get_place(place)
    story = open_access.get_story(request.user, place_obj, slug, write=True)
    form = VoiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_voice(actor=request.user, story=story, data=form.values())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The voice and their consent have been recorded.")
            return redirect("story_voices", place_obj.slug, story.slug)
    return render(
        request,
        "openness/story_voices.html",
        {
            "place": place_obj,
            "story": story,
            "voices": list(story.voices.select_related("recorded_by")),
            "form": form,
            "withdraw_form": WithdrawForm(),
        },
    )


@login_required
@require_POST
def voice_withdraw(request: AuthenticatedRequest, place: str, slug: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    story = open_access.get_story(request.user, place_obj, slug, write=True)
    try:
        voice = story.voices.get(pk=pk, withdrawn_at__isnull=True)
    except Voice.DoesNotExist:
        raise Http404("No such voice") from None
    form = WithdrawForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    services.withdraw_consent(actor=request.user, voice=voice, note=note)
    messages.success(
        request, f"{voice.name}'s consent is withdrawn and the story has been unpublished."
    )
    return redirect("story_voices", place_obj.slug, story.slug)


@login_required
@require_POST
def story_publish(request: AuthenticatedRequest, place: str, slug: str) -> HttpResponse:
    place_obj = access.get_place(place)
    story = open_access.get_story(request.user, place_obj, slug, write=True)
    if request.POST.get("action") == "unpublish":
        services.unpublish_story(actor=request.user, story=story, reason="Unpublished by editor.")
        messages.success(request, "The story is a draft again.")
    else:
        try:
            services.publish_story(actor=request.user, story=story)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The story is published.")
    return redirect("story_detail", place_obj.slug, story.slug)


@login_required
def story_images(request: AuthenticatedRequest, place: str, slug: str) -> HttpResponse:
    place_obj = access.get_place(place)
    story = open_access.get_story(request.user, place_obj, slug, write=True)
    form = ImageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_image(actor=request.user, story=story, data=form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The image has been added.")
            return redirect("story_detail", place_obj.slug, story.slug)
    return _form_page(
        request,
        place_obj,
        form,
        f"Add an image to {story.title}",
        multipart=True,
        intro="Only add a photo of someone who has agreed to it, as one of the story's voices.",
    )


def story_image_file(
    request: HttpRequest, place: str, slug: str, pk: int
) -> HttpResponse | FileResponse:
    """An image of a story, to whoever may see the story (404 for anyone else)."""
    place_obj = access.get_place(place)
    story = open_access.get_story(request.user, place_obj, slug)
    image = get_object_or_404(StoryImage, story=story, pk=pk)
    public = story.visibility == Visibility.PUBLIC and story.status == PublishStatus.PUBLISHED
    return uploads.serve(image.image, public=public)


# Events -------------------------------------------------------------------------------------


@dataclass(slots=True)
class EventRow:
    """One line of the events table, written out in Python: rendering a row template and its
    filters for each of a hundred events cost more than the rest of the page."""

    pk: int
    url: str
    title: str
    kind: str
    when: str
    venue: str
    confirmed: int
    capacity: int | None


_EVENT_COLUMNS = ("pk", "slug", "title", "kind", "starts_at", "venue", "confirmed", "capacity")
_EVENT_KINDS = dict(EventKind.choices)


def _event_rows(place: Place, events: Any) -> list[EventRow]:
    """Events read as plain rows, with each one's address, kind and time written as the row
    template wrote them (``{% url %}``, ``get_kind_display``, ``date:"j M Y, H:i"``)."""
    address = listing.address_for("event_detail", place.slug)
    return [
        EventRow(
            pk=pk,
            url=address(slug),
            title=title,
            kind=str(_EVENT_KINDS.get(kind, kind)),
            when=f"{listing.short_date(starts_at)}, {timezone.localtime(starts_at):%H:%M}",
            venue=venue,
            confirmed=confirmed,
            capacity=capacity,
        )
        for pk, slug, title, kind, starts_at, venue, confirmed, capacity in events.values_list(
            *_EVENT_COLUMNS
        )
    ]


def event_list(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = access.get_place(place)
    # Confirmed places counted for each listed event by a subquery, which the database runs
    # only for the rows it returns, instead of grouping every event's registrations first.
    confirmed = (
        Registration.objects.filter(event=OuterRef("pk"), status="confirmed")
        .order_by()
        .values("event")
        .annotate(n=Count("id"))
        .values("n")
    )
    events = open_access.visible_events(request.user, place_obj).annotate(
        confirmed=Coalesce(Subquery(confirmed, output_field=IntegerField()), Value(0))
    )
    mission = request.GET.get("mission", "")
    if mission:
        events = events.filter(mission__slug=mission)
    now = timezone.now()
    return render(
        request,
        "openness/event_list.html",
        {
            "place": place_obj,
            "upcoming": _event_rows(
                place_obj, events.filter(ends_at__gte=now).order_by("starts_at")[:50]
            ),
            "past": _event_rows(
                place_obj, events.filter(ends_at__lt=now).order_by("-starts_at")[:50]
            ),
            "mission": _public_mission(place_obj, mission),
            "can_create": _owners(request, place_obj).exists(),
        },
    )


@login_required
def event_create(request: AuthenticatedRequest, place: str) -> HttpResponse:
    place_obj = access.get_place(place)
    open_access.require_creator(request.user, place_obj)
    form = EventForm(
        request.POST or None,
        initial={"visibility": "public", "registration_open": True},
        place=place_obj,
        owners=_owners(request, place_obj),
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        data = form.values()
        data["slug"] = unique_slug(Event.objects.filter(place=place_obj), data["title"], "event")
        try:
            event = services.save_event(
                actor=request.user,
                place=place_obj,
                organisation=form.cleaned_data["organisation"],
                data=data,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The event has been added.")
            return redirect("event_detail", place_obj.slug, event.slug)
    return _form_page(request, place_obj, form, "Add an event")


def _event_context(request: HttpRequest, place: Place, event: Event) -> dict[str, Any]:
    counts = dict(
        event.registrations.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    confirmed = counts.get(RegistrationStatus.CONFIRMED, 0)
    mission = event.mission if event.mission and event.mission.visibility == "public" else None
    return {
        "place": place,
        "event": event,
        "mission": mission,
        "confirmed": confirmed,
        "waiting": counts.get(RegistrationStatus.WAITING, 0),
        "places_left": None if event.capacity is None else max(event.capacity - confirmed, 0),
        "commitments": list(event.commitments.select_related("organisation", "mission")),
        "can_edit": access.can_edit(request.user, event),
        "is_past": event.is_past(),
    }


def event_detail(request: HttpRequest, place: str, slug: str) -> HttpResponse:
    place_obj = access.get_place(place)
    event = open_access.get_event(request.user, place_obj, slug)
    return render(request, "openness/event_detail.html", _event_context(request, place_obj, event))


@login_required
def event_edit(request: AuthenticatedRequest, place: str, slug: str) -> HttpResponse:
    place_obj = access.get_place(place)
    event = open_access.get_event(request.user, place_obj, slug, write=True)
    names = [
        "title", "kind", "summary", "mission", "starts_at", "ends_at", "venue", "address",
        "accessibility", "agenda", "capacity", "registration_open", "visibility", "write_up",
    ]  # fmt: skip
    initial = {k: getattr(event, k) for k in names}
    initial["starts_at"] = timezone.localtime(event.starts_at)
    initial["ends_at"] = timezone.localtime(event.ends_at)
    form = EventForm(
        request.POST or None,
        initial=initial,
        place=place_obj,
        owners=None,
        editing=True,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_event(
                actor=request.user, place=place_obj, event=event, data=form.values()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Your changes have been saved.")
            return redirect("event_detail", place_obj.slug, event.slug)
    return _form_page(request, place_obj, form, f"Edit {event.title}")


def event_register(request: HttpRequest, place: str, slug: str) -> HttpResponse:
    place_obj = access.get_place(place)
    event = open_access.get_event(request.user, place_obj, slug)
    initial = (
        {"name": request.user.name, "email": request.user.email}
        if request.user.is_authenticated
        else {}
    )
    form = RegistrationForm(request.POST or None, initial=initial)
    closed = not event.registration_open or event.is_past()
    if request.method == "POST" and not closed and form.is_valid():
        if not allow(
            "event-register",
            key=client_address(request),
            limit=REGISTRATIONS_PER_HOUR,
            per=3600,
        ):
            return render(request, "openness/slow_down.html", {"place": place_obj}, status=429)
        try:
            registration = services.register(
                event=event,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                accessibility_needs=form.cleaned_data["accessibility_needs"],
                user=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if registration.status == RegistrationStatus.CONFIRMED:
                messages.success(request, "Your place is booked. We have emailed you the details.")
            else:
                messages.success(
                    request,
                    "The event is full, so you are on the waiting list. We will email you if a "
                    "place comes free.",
                )
            return redirect("event_detail", place_obj.slug, event.slug)
    return render(
        request,
        "openness/event_register.html",
        {"place": place_obj, "event": event, "form": form, "closed": closed},
    )


def event_ics_download(request: HttpRequest, place: str, slug: str) -> HttpResponse:
    place_obj = access.get_place(place)
    event = open_access.get_event(request.user, place_obj, slug)
    url = services.absolute(reverse("event_detail", args=[place_obj.slug, event.slug]))
    domain = urlparse(settings.SITE_URL).hostname or "placecraft"
    response = HttpResponse(
        event_ics(event, url, domain), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@login_required
def event_registrations(request: AuthenticatedRequest, place: str, slug: str) -> HttpResponse:
    """Names, emails and access needs: for the organisers only."""
    place_obj = access.get_place(place)
    event = open_access.get_event(request.user, place_obj, slug, write=True)
    registrations = event.registrations.exclude(status=RegistrationStatus.CANCELLED).order_by(
        "status", "created_at"
    )
    return render(
        request,
        "openness/event_registrations.html",
        {
            "place": place_obj,
            "event": event,
            "confirmed": [r for r in registrations if r.status == RegistrationStatus.CONFIRMED],
            "waiting": [r for r in registrations if r.status == RegistrationStatus.WAITING],
        },
    )


def registration_manage(request: HttpRequest, place: str, token: str) -> HttpResponse:
    """The link in the confirmation email: see and cancel a registration, no account needed."""
    place_obj = access.get_place(place)
    try:
        registration = Registration.objects.select_related("event").get(
            token=token, event__place=place_obj
        )
    except Registration.DoesNotExist:
        raise Http404("No such registration") from None
    if request.method == "POST" and registration.status != RegistrationStatus.CANCELLED:
        services.cancel_registration(registration=registration)
        messages.success(request, "Your registration is cancelled.")
        return redirect("registration_manage", place_obj.slug, token)
    return render(
        request,
        "openness/registration_manage.html",
        {"place": place_obj, "registration": registration, "event": registration.event},
    )


OFFERED_COMMITMENTS = 150


def _offered_commitments(
    commitments: Any, event: Event, *, partner: int | None, mission: int | None
) -> tuple[list[tuple[str, list[tuple[int, str]]]], bool]:
    """The existing commitments offered at an event, grouped by partner: those of the partner
    and mission searched for, or by default those of the event's mission and of the partners
    at the event (already recorded there, or with people registered). At most
    ``OFFERED_COMMITMENTS``; the second value says whether there were more."""
    columns = ("pk", "title", "organisation__name", "mission__title")
    order = ("organisation__name", "title", "pk")
    # A commitment's partner is always an organisation of its place (Commitment.clean). Saying
    # so lets the database read the place's organisations in name order, by its index, and stop
    # once it has the first rows, instead of fetching and sorting every commitment to a big
    # mission (2,000 at factor 1).
    commitments = commitments.filter(organisation__place_id=event.place_id)
    if partner or mission:
        if partner:
            commitments = commitments.filter(organisation_id=partner)
        if mission:
            commitments = commitments.filter(mission_id=mission)
        found = commitments.values_list(*columns)
    else:
        attending = (
            Registration.objects.filter(event=event, user__isnull=False)
            .exclude(status=RegistrationStatus.CANCELLED)
            .values("user_id")
        )
        parts = [
            commitments.filter(organisation_id__in=event.commitments.values("organisation_id")),
            commitments.filter(
                organisation_id__in=Membership.objects.filter(user_id__in=attending).values(
                    "organisation_id"
                )
            ),
        ]
        if event.mission_id:
            parts.append(commitments.filter(mission_id=event.mission_id))
        # A union of three indexed lookups, rather than one scan of every commitment that
        # an OR of subqueries would need. Where the database allows it, each part stops at the
        # first rows too: the first rows of the union are among the first rows of its parts.
        if connection.features.supports_slicing_ordering_in_compound:
            values = [
                p.values_list(*columns).order_by(*order)[: OFFERED_COMMITMENTS + 1] for p in parts
            ]
        else:
            values = [p.order_by().values_list(*columns) for p in parts]
        found = values[0].union(*values[1:])
    rows = list(found.order_by(*order)[: OFFERED_COMMITMENTS + 1])
    groups: dict[str, list[tuple[int, str]]] = {}
    for pk, title, organisation, mission_title in rows[:OFFERED_COMMITMENTS]:
        groups.setdefault(organisation, []).append((pk, f"{title} ({mission_title})"))
    return list(groups.items()), len(rows) > OFFERED_COMMITMENTS


@login_required
def event_commitments(request: AuthenticatedRequest, place: str, slug: str) -> HttpResponse:
    place_obj = access.get_place(place)
    event = open_access.get_event(request.user, place_obj, slug, write=True)
    # Missions the person may see: a private mission's title is not offered to everyone.
    missions = list(
        visible_missions(request.user, place_obj)
        .order_by("title")
        .values_list("pk", "slug", "title")
    )
    find = FindCommitmentsForm(
        request.GET or None,
        place=place_obj,
        missions=[(slug, title) for _, slug, title in missions],
    )
    wanted = find.cleaned_data if find.is_valid() else {}
    partner = wanted.get("partner")
    mission = next((m for m in missions if m[1] == wanted.get("mission")), None)
    commitments = visible_commitments(request.user, place_obj)
    offered, more = _offered_commitments(
        commitments,
        event,
        partner=partner.pk if partner else None,
        mission=mission[0] if mission else None,
    )
    form = CommitmentForm(
        request.POST or None,
        place=place_obj,
        commitments=commitments.select_related("organisation", "mission"),
        offered=offered,
        missions=[(pk, title) for pk, _, title in missions],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_commitment(
                actor=request.user,
                event=event,
                kind=data["kind"],
                organisation=data["organisation"] or data["commitment"].organisation,
                mission=data["mission"],
                text=data["text"],
                commitment=data["commitment"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The commitment has been recorded.")
            return redirect("event_detail", place_obj.slug, event.slug)
    return render(
        request,
        "openness/event_commitments.html",
        {
            "place": place_obj,
            "event": event,
            "form": form,
            "heading": f"Commitments at {event.title}",
            "find": find,
            "partner": partner,
            "mission": mission,
            "searched": bool(partner or mission),
            "offered_count": sum(len(group) for _, group in offered),
            "more": more,
            "limit": OFFERED_COMMITMENTS,
        },
    )


# Champions ----------------------------------------------------------------------------------


def champion_list(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = access.get_place(place)
    champions = open_access.visible_champions(request.user, place_obj).prefetch_related("missions")
    mission = request.GET.get("mission", "")
    if mission:
        champions = champions.filter(missions__slug=mission)
    page = Paginator(champions.order_by("name"), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "openness/champion_list.html",
        {
            "place": place_obj,
            "page": page,
            "mission": _public_mission(place_obj, mission),
            "can_create": _owners(request, place_obj).exists(),
        },
    )


@login_required
def champion_create(request: AuthenticatedRequest, place: str) -> HttpResponse:
    place_obj = access.get_place(place)
    open_access.require_creator(request.user, place_obj)
    form = ChampionForm(
        request.POST or None,
        initial={"visibility": "public"},
        place=place_obj,
        owners=_owners(request, place_obj),
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        data = form.values()
        data["slug"] = unique_slug(
            Champion.objects.filter(place=place_obj), data["name"], "champion"
        )
        try:
            champion = services.save_champion(
                actor=request.user,
                place=place_obj,
                organisation=form.cleaned_data["organisation"],
                data=data,
                missions=list(form.cleaned_data["missions"]),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{champion.name} has been added.")
            return redirect("champion_detail", place_obj.slug, champion.slug)
    return _form_page(request, place_obj, form, "Add a champion")


def champion_detail(request: HttpRequest, place: str, slug: str) -> HttpResponse:
    place_obj = access.get_place(place)
    champion = open_access.get_champion(request.user, place_obj, slug)
    return render(
        request,
        "openness/champion_detail.html",
        {
            "place": place_obj,
            "champion": champion,
            "missions": list(champion.missions.filter(visibility="public")),
            "can_edit": access.can_edit(request.user, champion),
        },
    )


@login_required
def champion_edit(request: AuthenticatedRequest, place: str, slug: str) -> HttpResponse:
    place_obj = access.get_place(place)
    champion = open_access.get_champion(request.user, place_obj, slug, write=True)
    names = ["name", "sector", "affiliation", "what_they_do", "story", "agreed_on", "visibility"]
    initial: dict[str, Any] = {k: getattr(champion, k) for k in names}
    initial["missions"] = list(champion.missions.all())
    form = ChampionForm(
        request.POST or None,
        initial=initial,
        place=place_obj,
        owners=None,
        editing=True,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_champion(
                actor=request.user,
                place=place_obj,
                champion=champion,
                data=form.values(),
                missions=list(form.cleaned_data["missions"]),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Your changes have been saved.")
            return redirect("champion_detail", place_obj.slug, champion.slug)
    return _form_page(request, place_obj, form, f"Edit {champion.name}")
