"""Workflows for weeknotes, stories, events and champions. Each runs in one transaction, writes
the audit log, and sends email only once the transaction has committed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, send_mail
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from placecraft.accounts.models import User
from placecraft.core import audit, personal_data
from placecraft.core.models import AuditEvent, Visibility
from placecraft.missions.models import Mission
from placecraft.openness import access as open_access
from placecraft.openness.models import (
    Champion,
    CommitmentKind,
    ConsentUse,
    DigestSend,
    DigestSubscription,
    Event,
    EventCommitment,
    PublishStatus,
    Registration,
    RegistrationStatus,
    Story,
    StoryImage,
    Voice,
    Weeknote,
)
from placecraft.places.models import Organisation, Place


def absolute(url: str) -> str:
    return str(settings.SITE_URL).rstrip("/") + url


def _audit(
    actor: User | None,
    action: str,
    obj: models.Model,
    owner: Any,
    changes: dict[str, Any] | None = None,
) -> None:
    audit.record(
        actor=actor,
        action=action,
        obj=obj,
        place=owner.place,
        organisation=owner.organisation,
        changes=changes or {},
    )


def _save_fields(obj: Any, data: Mapping[str, Any]) -> dict[str, Any]:
    """Set plain fields (not many-to-many) and return what changed, for the audit log."""
    names = [k for k in data if not isinstance(data[k], list | tuple | models.QuerySet)]
    before = audit.snapshot(obj, names) if obj.pk else {}
    for key in names:
        setattr(obj, key, data[key])
    obj.full_clean()
    obj.save()
    return audit.field_changes(before, audit.snapshot(obj, names))


# Weeknotes ----------------------------------------------------------------------------------


def save_weeknote(
    *,
    actor: User | None,
    place: Place,
    organisation: Organisation | None = None,
    weeknote: Weeknote | None = None,
    data: Mapping[str, Any],
    missions: Sequence[Mission] | None = None,
) -> Weeknote:
    """Create or change a weeknote. Publishing stamps ``published_at`` the first time."""
    with transaction.atomic():
        created = weeknote is None
        if weeknote is None:
            assert organisation is not None
            weeknote = Weeknote(place=place, organisation=organisation, author=actor)
        changes = _save_fields(weeknote, data)
        if weeknote.is_published and weeknote.published_at is None:
            weeknote.published_at = timezone.now()
            weeknote.save(update_fields=["published_at"])
        if missions is not None:
            weeknote.missions.set([m for m in missions if m.place_id == place.pk])
        _audit(
            actor,
            AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
            weeknote,
            weeknote,
            changes,
        )
    return weeknote


def subscribe(*, place: Place, email: str, user: User | None = None) -> DigestSubscription:
    """Sign an address up for the weekly digest. A signed-in person subscribing their own
    verified address is confirmed at once; anyone else is sent a link to confirm."""
    email = email.strip().lower()
    with transaction.atomic():
        subscription, _ = DigestSubscription.objects.get_or_create(
            place=place, email=email, defaults={"user": user}
        )
        own = user is not None and user.is_authenticated and user.email.lower() == email
        if own and subscription.confirmed_at is None:
            subscription.confirmed_at = timezone.now()
            subscription.user = user
            subscription.save(update_fields=["confirmed_at", "user", "updated_at"])
        elif subscription.confirmed_at is None:
            link = absolute(
                reverse("weeknote_digest_confirm", args=[place.slug, subscription.token])
            )
            transaction.on_commit(
                lambda: send_mail(
                    subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Confirm your weeknotes digest",
                    message=f"Someone asked for a weekly email of {place.name}'s weeknotes to be "
                    f"sent to this address.\n\nTo confirm, open this link:\n{link}\n\n"
                    "If it was not you, ignore this email and nothing will be sent.",
                    from_email=None,
                    recipient_list=[email],
                )
            )
    return subscription


def confirm_subscription(*, subscription: DigestSubscription) -> DigestSubscription:
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at", "updated_at"])
    return subscription


def unsubscribe(*, subscription: DigestSubscription) -> None:
    subscription.delete()


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _week_bounds(week: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(week, time.min))
    return start, start + timedelta(days=7)


def send_weeknote_digest(*, week: date, place: Place | None = None) -> int:
    """Email each confirmed subscriber the public weeknotes published in ``week`` (a Monday).

    Claim, then send: each subscriber's (subscription, week) row is inserted before the email
    goes out, and the unique constraint on the pair makes a second run, or a run at the same time
    (whose insert waits for ours and then fails), skip that subscriber. If sending fails the claim
    is removed so a later run can try again. Returns the number of emails sent.
    """
    week = week_start(week)
    start, end = _week_bounds(week)
    places = Place.objects.filter(pk=place.pk) if place else Place.objects.all()
    sent = 0
    for each in places.filter(pk__in=DigestSubscription.objects.values("place_id")):
        notes = list(
            open_access.public_weeknotes(each)
            .filter(published_at__gte=start, published_at__lt=end)
            .select_related("author")
            .order_by("published_at")
        )
        if not notes:
            continue
        body = "\n\n".join(
            f"{note.title}\n{note.byline}\n"
            + absolute(reverse("weeknote_detail", args=[each.slug, note.pk]))
            for note in notes
        )
        subscribers = DigestSubscription.objects.filter(
            place=each, confirmed_at__isnull=False
        ).order_by("pk")
        for subscription in subscribers.iterator():
            try:
                with transaction.atomic():
                    claim = DigestSend.objects.create(
                        subscription=subscription, week=week, weeknotes=len(notes)
                    )
            except IntegrityError:
                continue  # already sent (or being sent) by another run
            unsubscribe_url = absolute(
                reverse("weeknote_unsubscribe", args=[each.slug, subscription.token])
            )
            message = EmailMessage(
                subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{each.name} weeknotes: "
                f"week of {week:%d %B %Y}",
                body=f"Weeknotes published in {each.name} in the week of {week:%d %B %Y}:\n\n"
                f"{body}\n\nTo stop these emails: {unsubscribe_url}",
                to=[subscription.email],
                headers={"List-Unsubscribe": f"<{unsubscribe_url}>"},
            )
            try:
                message.send()
            except Exception:
                claim.delete()
                raise
            DigestSend.objects.filter(pk=claim.pk).update(sent_at=timezone.now())
            sent += 1
    return sent


# Stories ------------------------------------------------------------------------------------


def save_story(
    *,
    actor: User | None,
    place: Place,
    organisation: Organisation | None = None,
    story: Story | None = None,
    data: Mapping[str, Any],
) -> Story:
    with transaction.atomic():
        created = story is None
        if story is None:
            assert organisation is not None
            story = Story(place=place, organisation=organisation)
        changes = _save_fields(story, data)
        _audit(
            actor,
            AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
            story,
            story,
            changes,
        )
    return story


def publish_story(*, actor: User | None, story: Story) -> Story:
    """Publish only when every voice in it has consent in place for the way it will be seen."""
    with transaction.atomic():
        story = Story.objects.select_for_update().get(pk=story.pk)
        voices = list(story.voices.all())
        withdrawn = [v.name for v in voices if not v.has_consent]
        if withdrawn:
            raise ValidationError(
                f"Consent has been withdrawn by {', '.join(withdrawn)}: remove them from the "
                "story before publishing."
            )
        if story.visibility == Visibility.PUBLIC:
            missing = [v.name for v in voices if ConsentUse.WEBSITE not in v.consent_uses]
            if missing:
                raise ValidationError(
                    f"{', '.join(missing)} did not agree to the story being on the website."
                )
        story.status = PublishStatus.PUBLISHED
        story.published_at = story.published_at or timezone.now()
        story.unpublished_reason = ""
        story.save(update_fields=["status", "published_at", "unpublished_reason", "updated_at"])
        _audit(actor, AuditEvent.Action.UPDATE, story, story, {"status": "published"})
    return story


def unpublish_story(*, actor: User | None, story: Story, reason: str = "") -> Story:
    with transaction.atomic():
        Story.objects.filter(pk=story.pk).update(
            status=PublishStatus.DRAFT, unpublished_reason=reason[:300], updated_at=timezone.now()
        )
        story.status, story.unpublished_reason = PublishStatus.DRAFT, reason[:300]
        _audit(actor, AuditEvent.Action.UPDATE, story, story, {"status": "draft", "why": reason})
    return story


def add_voice(*, actor: User | None, story: Story, data: Mapping[str, Any]) -> Voice:
    with transaction.atomic():
        voice = Voice(story=story, recorded_by=actor, **data)
        voice.full_clean()
        voice.save()
        _audit(
            actor,
            AuditEvent.Action.CREATE,
            voice,
            story,
            {
                "story": str(story),
                "consent_given_by": voice.consent_given_by,
                "consent_given_on": str(voice.consent_given_on),
                "consent_uses": voice.consent_uses,
            },
        )
    return voice


def withdraw_consent(*, actor: User | None, voice: Voice, note: str = "") -> Voice:
    """Withdrawing consent unpublishes the story in the same transaction: from the moment this
    returns, no page, feed or API shows it."""
    with transaction.atomic():
        voice.withdrawn_at = timezone.now()
        voice.withdrawn_note = note[:300]
        voice.save(update_fields=["withdrawn_at", "withdrawn_note", "updated_at"])
        _audit(actor, AuditEvent.Action.UPDATE, voice, voice.story, {"consent": "withdrawn"})
        unpublish_story(
            actor=actor, story=voice.story, reason=f"{voice.name} withdrew their consent."
        )
    return voice


def add_image(*, actor: User | None, story: Story, data: Mapping[str, Any]) -> StoryImage:
    with transaction.atomic():
        image = StoryImage(story=story, **data)
        image.full_clean()
        image.save()
        _audit(actor, AuditEvent.Action.CREATE, image, story, {"alt_text": image.alt_text})
    return image


# Events -------------------------------------------------------------------------------------


def save_event(
    *,
    actor: User | None,
    place: Place,
    organisation: Organisation | None = None,
    event: Event | None = None,
    data: Mapping[str, Any],
) -> Event:
    with transaction.atomic():
        created = event is None
        if event is None:
            assert organisation is not None
            event = Event(place=place, organisation=organisation)
        changes = _save_fields(event, data)
        if not created:
            _promote_waiting(event)
        _audit(
            actor,
            AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
            event,
            event,
            changes,
        )
    return event


def confirmed_count(event: Event) -> int:
    return event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()


def register(
    *, event: Event, name: str, email: str, accessibility_needs: str = "", user: Any = None
) -> Registration:
    """A place if one is free, otherwise the waiting list, decided under a lock on the event so
    two people cannot both take the last place."""
    email = email.strip().lower()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if not event.registration_open or event.is_past():
            raise ValidationError("Registration for this event has closed.")
        if (
            event.registrations.filter(email=email)
            .exclude(status=RegistrationStatus.CANCELLED)
            .exists()
        ):
            raise ValidationError({"email": "This email address is already registered."})
        full = event.capacity is not None and confirmed_count(event) >= event.capacity
        registration = Registration.objects.create(
            event=event,
            user=user if user is not None and user.is_authenticated else None,
            name=name.strip(),
            email=email,
            accessibility_needs=accessibility_needs.strip(),
            status=RegistrationStatus.WAITING if full else RegistrationStatus.CONFIRMED,
        )
        _audit(
            None,
            AuditEvent.Action.CREATE,
            registration,
            event,
            {"status": registration.status},
        )
        transaction.on_commit(lambda: _email_registration(registration.pk))
    return registration


def _email_registration(pk: int) -> None:
    registration = Registration.objects.select_related("event__place").get(pk=pk)
    event = registration.event
    manage = absolute(reverse("registration_manage", args=[event.place.slug, registration.token]))
    if registration.status == RegistrationStatus.CONFIRMED:
        opening = f"Your place at {event.title} is confirmed."
    else:
        opening = (
            f"{event.title} is full, so you are on the waiting list. We will email you if a "
            "place comes free."
        )
    send_mail(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{event.title}",
        message=f"{opening}\n\nWhen: {timezone.localtime(event.starts_at):%A %d %B %Y, %H:%M}\n"
        f"Where: {event.venue}\n\nTo cancel: {manage}",
        from_email=None,
        recipient_list=[registration.email],
    )


def _promote_waiting(event: Event) -> list[Registration]:
    """Give free places to the waiting list, first come first served. Caller holds the lock."""
    promoted: list[Registration] = []
    free = None if event.capacity is None else max(event.capacity - confirmed_count(event), 0)
    waiting = event.registrations.filter(status=RegistrationStatus.WAITING).order_by(
        "created_at", "pk"
    )
    for registration in waiting if free is None else waiting[:free]:
        registration.status = RegistrationStatus.CONFIRMED
        registration.status_changed_at = timezone.now()
        registration.save(update_fields=["status", "status_changed_at"])
        promoted.append(registration)
        transaction.on_commit(partial(_email_registration, registration.pk))
    return promoted


def cancel_registration(*, registration: Registration) -> list[Registration]:
    """Cancel and give the freed place to the first person waiting. Returns who was promoted."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration.refresh_from_db()
        if registration.status == RegistrationStatus.CANCELLED:
            return []
        registration.status = RegistrationStatus.CANCELLED
        registration.status_changed_at = timezone.now()
        registration.save(update_fields=["status", "status_changed_at"])
        _audit(None, AuditEvent.Action.UPDATE, registration, event, {"status": "cancelled"})
        return _promote_waiting(event)


def record_commitment(
    *,
    actor: User | None,
    event: Event,
    kind: str,
    organisation: Organisation,
    mission: Mission | None,
    text: str,
    commitment: Any = None,
) -> EventCommitment:
    if organisation.place_id != event.place_id:
        raise ValidationError({"organisation": "Choose an organisation in this place."})
    if kind not in CommitmentKind.values:
        raise ValidationError({"kind": "Choose restated or made."})
    with transaction.atomic():
        if commitment is not None:
            organisation, mission = commitment.organisation, commitment.mission
            text = text or commitment.title
        record = EventCommitment.objects.create(
            event=event,
            kind=kind,
            commitment=commitment,
            organisation=organisation,
            mission=mission,
            text=text,
        )
        _audit(
            actor,
            AuditEvent.Action.CREATE,
            record,
            event,
            {"kind": kind, "partner": str(organisation), "text": text},
        )
    return record


# Champions ----------------------------------------------------------------------------------


def save_champion(
    *,
    actor: User | None,
    place: Place,
    organisation: Organisation | None = None,
    champion: Champion | None = None,
    data: Mapping[str, Any],
    missions: Sequence[Mission] | None = None,
) -> Champion:
    with transaction.atomic():
        created = champion is None
        if champion is None:
            assert organisation is not None
            champion = Champion(place=place, organisation=organisation)
        changes = _save_fields(champion, data)
        if missions is not None:
            champion.missions.set([m for m in missions if m.place_id == place.pk])
        _audit(
            actor,
            AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
            champion,
            champion,
            changes,
        )
    return champion


# Personal data ------------------------------------------------------------------------------


def export_for(user: User) -> dict[str, Any]:
    email = user.email.lower()
    registrations = Registration.objects.filter(
        models.Q(user=user) | models.Q(email=email)
    ).select_related("event")
    return {
        "event_registrations": [
            {
                "event": r.event.title,
                "starts": r.event.starts_at.isoformat(),
                "name": r.name,
                "email": r.email,
                "access_needs": r.accessibility_needs,
                "status": r.status,
                "registered": r.created_at.isoformat(),
            }
            for r in registrations
        ],
        "weeknote_digests": [
            {"email": s.email, "confirmed": bool(s.confirmed_at)}
            for s in DigestSubscription.objects.filter(models.Q(user=user) | models.Q(email=email))
        ],
    }


def erase_for(user: User) -> None:
    """Registrations keep their status (so the event's numbers stay right) but lose the person."""
    email = user.email.lower()
    for registration in Registration.objects.filter(models.Q(user=user) | models.Q(email=email)):
        registration.user = None
        registration.name = "Erased"
        registration.email = f"erased-{registration.pk}@invalid"
        registration.accessibility_needs = ""
        registration.save(update_fields=["user", "name", "email", "accessibility_needs"])
    DigestSubscription.objects.filter(models.Q(user=user) | models.Q(email=email)).delete()
    # A champion listed under the person's name stops being listed and no longer names them.
    name = user.name.strip()
    champions = list(Champion.objects.filter(name__iexact=name)) if name else []
    former = personal_data.pseudonym(user.pk)
    for champion in champions:
        champion.name = former
        champion.slug = f"{slugify(former)}-{champion.pk}"
        champion.affiliation = ""
        champion.what_they_do = personal_data.scrub(champion.what_they_do, user)
        champion.story = personal_data.scrub(champion.story, user)
        champion.visibility = Visibility.PRIVATE
    Champion.objects.bulk_update(
        champions, ["name", "slug", "affiliation", "what_they_do", "story", "visibility"]
    )
