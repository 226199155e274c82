"""Whole-place export and import: a versioned ZIP archive of everything a place holds.

What belongs to a place is found from the model graph, not from a hand-kept list, so a new app's
models are carried without changes here: every object whose chain of foreign keys leads to
this ``Place`` belongs to it. The people those objects refer to come
too, with what belongs to them (email addresses, second factors, notifications…), found the same
way through foreign keys to the user model.

The archive holds ``manifest.json`` (format, version, counts and a checksum of the data),
``data.json`` (Django's serialisation, in an order that satisfies every foreign key) and the
uploaded files under ``files/``. Import is all-or-nothing: a partial or corrupt archive fails
with a clear error before anything is written.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from placecraft.places.models import Place

FORMAT = "placecraft-place"
VERSION = 1
# Framework data, not a place's: loaded from files by every installation.
_SKIP_APPS = {"admin", "contenttypes", "sessions", "auth", "django_tasks_db"}


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup must keep them whole."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class ArchiveError(Exception):
    """The archive cannot be imported; nothing has been written."""


def _models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in _SKIP_APPS
        and not model._meta.proxy
        and model._meta.managed
        # Tables the database works out from others (the commitment tallies) are rebuilt
        # when those are imported, so carrying them too would count everything twice.
        and not getattr(model, "derived", False)
    ]


def _paths_to_place(candidates: list[type[models.Model]]) -> dict[type[models.Model], list[str]]:
    """For each model that can reach ``Place`` through foreign keys, the shortest chain of field
    names that does (breadth first, so the first path found is a shortest one)."""
    paths: dict[type[models.Model], list[str]] = {Place: []}
    changed = True
    while changed:
        changed = False
        for model in candidates:
            if model in paths:
                continue
            options = [
                [field.name, *paths[field.related_model]]  # type: ignore[index]
                for field in model._meta.concrete_fields
                if field.is_relation and field.many_to_one and field.related_model in paths
            ]
            if options:
                paths[model] = min(options, key=len)
                changed = True
    return paths


def _ordered(found: dict[type[models.Model], set[Any]]) -> list[type[models.Model]]:
    """Models in an order where every foreign key points at something already written."""
    remaining = set(found)
    order: list[type[models.Model]] = []
    while remaining:
        ready = [
            model
            for model in remaining
            if all(
                field.related_model not in remaining or field.related_model is model
                for field in model._meta.concrete_fields
                if field.is_relation and field.many_to_one
            )
        ]
        if not ready:  # a cycle: break it with the model that has the fewest outstanding links
            ready = [min(remaining, key=lambda m: m._meta.label)]
        for model in sorted(ready, key=lambda m: m._meta.label):
            order.append(model)
            remaining.discard(model)
    return order


@dataclass(frozen=True)
class Collected:
    objects: dict[type[models.Model], list[models.Model]]

    def count(self) -> int:
        return sum(len(objs) for objs in self.objects.values())


def collect(place: Place) -> Collected:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found: dict[type[models.Model], set[Any]] = defaultdict(set)
    candidates = [model for model in _models() if model is not user_model]
    paths = _paths_to_place(candidates)
    place_models = [model for model in candidates if model in paths]
    for model in place_models:
        path = paths[model]
        lookup = "__".join(path) if path else "pk"
        found[model] |= set(
            model._default_manager.filter(**{lookup: place.pk}).values_list("pk", flat=True)
        )
    # Everything those objects refer to (people, reference data such as shipped frameworks),
    # then what belongs to those people (email addresses, second factors, notifications…).
    _close_over_references(found)
    users = found.get(user_model, set())
    if users:
        for model in candidates:
            if model in paths:
                continue
            for field in model._meta.concrete_fields:
                if (
                    field.is_relation
                    and field.many_to_one
                    and field.related_model is user_model
                    and not field.null
                ):
                    found[model] |= set(
                        model._default_manager.filter(**{f"{field.name}__in": users}).values_list(
                            "pk", flat=True
                        )
                    )
        _close_over_references(found)
    objects = {
        model: list(model._default_manager.filter(pk__in=found[model]).order_by("pk"))
        for model in _ordered(found)
        if found[model]
    }
    return Collected(objects)


def _close_over_references(found: dict[type[models.Model], set[Any]]) -> None:
    """Add every object that a collected object points at, until nothing new turns up."""
    changed = True
    while changed:
        changed = False
        for model in list(found):
            for field in model._meta.concrete_fields:
                if not (field.is_relation and field.many_to_one):
                    continue
                related = field.related_model
                if not isinstance(related, type) or related._meta.app_label in _SKIP_APPS:
                    continue
                targets = set(
                    model._default_manager.filter(pk__in=found[model])
                    .exclude(**{f"{field.attname}__isnull": True})
                    .values_list(field.attname, flat=True)
                )
                new = targets - found[related]
                if new:
                    found[related] |= new
                    changed = True
            for m2m in model._meta.many_to_many:
                through = m2m.remote_field.through
                related = m2m.related_model
                if not isinstance(related, type) or through is None:
                    continue
                if not through._meta.auto_created:
                    continue
                targets = set(
                    model._default_manager.filter(pk__in=found[model])
                    .exclude(**{f"{m2m.name}__isnull": True})
                    .values_list(m2m.name, flat=True)
                )
                new = targets - found[related]
                if new:
                    found[related] |= new
                    changed = True


def _file_fields(obj: models.Model) -> list[str]:
    names = []
    for field in obj._meta.concrete_fields:
        if isinstance(field, models.FileField):
            value = getattr(obj, field.attname)
            if value:
                names.append(str(value))
    return names


def export_place(place: Place, destination: Path) -> dict[str, Any]:
    collected = collect(place)
    data = serializers.serialize(
        "json",
        [obj for objs in collected.objects.values() for obj in objs],
        use_natural_foreign_keys=True,  # content types differ between databases; ids do not
        cls=ExactJSONEncoder,
    ).encode()
    files = sorted(
        {name for objs in collected.objects.values() for obj in objs for name in _file_fields(obj)}
    )
    file_digests: dict[str, str] = {}
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "place": place.slug,
        "exported_at": timezone.now().isoformat(),
        "counts": {model._meta.label: len(objs) for model, objs in collected.objects.items()},
        "data_sha256": hashlib.sha256(data).hexdigest(),
        "files": file_digests,
    }
    with zipfile.ZipFile(destination, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", data)
        for name in files:
            if default_storage.exists(name):
                with default_storage.open(name, "rb") as handle:
                    content = handle.read()
                file_digests[name] = hashlib.sha256(content).hexdigest()
                archive.writestr(f"files/{name}", content)
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
    return manifest


def _read(source: Path) -> tuple[dict[str, Any], bytes, dict[str, bytes]]:
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as error:
        raise ArchiveError(
            f"{source} is not a Placecraft archive (not a readable ZIP file: {error})."
        ) from None
    with archive:
        names = set(archive.namelist())
        for required in ("manifest.json", "data.json"):
            if required not in names:
                raise ArchiveError(f"The archive is incomplete: {required} is missing.")
        try:
            manifest = json.loads(archive.read("manifest.json"))
            data = archive.read("data.json")
            files = {
                name[len("files/") :]: archive.read(name)
                for name in names
                if name.startswith("files/")
            }
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            raise ArchiveError(f"The archive is damaged: {error}.") from None
    if manifest.get("format") != FORMAT:
        raise ArchiveError(
            "This is not a Placecraft place archive (its manifest names another format)."
        )
    if manifest.get("version") != VERSION:
        raise ArchiveError(
            f"The archive is format version {manifest.get('version')}; "
            f"this Placecraft reads version {VERSION}."
        )
    if hashlib.sha256(data).hexdigest() != manifest.get("data_sha256"):
        raise ArchiveError(
            "The archive is damaged: data.json does not match the checksum in its manifest."
        )
    for name, digest in manifest.get("files", {}).items():
        if name not in files:
            raise ArchiveError(f"The archive is incomplete: the file {name} is missing.")
        if hashlib.sha256(files[name]).hexdigest() != digest:
            raise ArchiveError(
                f"The archive is damaged: the file {name} does not match its checksum."
            )
    return manifest, data, files


def import_place(source: Path) -> Place:
    manifest, data, files = _read(source)
    if Place.objects.filter(slug=manifest["place"]).exists():
        raise ArchiveError(
            f"A place called “{manifest['place']}” already exists here; "
            "import into an empty database."
        )
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    paths = _paths_to_place([m for m in _models() if m is not user_model])
    paths[user_model] = []  # people are never "reference data"
    saved: list[Any] = []
    try:
        with transaction.atomic():
            # Deserialise one object at a time, saving as we go: natural keys (people by email,
            # content types by name) resolve against the objects written just before.
            for wrapped in serializers.deserialize("json", data, handle_forward_references=True):
                model = type(wrapped.object)
                existing = model._default_manager.filter(pk=wrapped.object.pk).first()
                if existing is not None:
                    # Reference data every installation loads (shipped frameworks…) may already
                    # be here; it must be the same, or the archive's links would point wrongly.
                    if model not in paths and _same(existing, wrapped.object):
                        continue
                    raise ArchiveError(
                        f"The database is not empty: {model._meta.label} {wrapped.object.pk} "
                        "already exists."
                    )
                wrapped.save()
                saved.append(wrapped)
            for wrapped in saved:
                if wrapped.deferred_fields:
                    wrapped.save_deferred_fields()
            _reset_sequences({type(w.object) for w in saved})
            for name, content in files.items():
                # Last, once every row is in; an existing file is left as it is.
                if not default_storage.exists(name):
                    default_storage.save(name, io.BytesIO(content))
    except serializers.base.DeserializationError as error:
        raise ArchiveError(f"The archive's data cannot be read: {error}") from None
    return Place.objects.get(slug=manifest["place"])


def _same(a: models.Model, b: models.Model) -> bool:
    return all(
        getattr(a, field.attname) == getattr(b, field.attname) for field in a._meta.concrete_fields
    )


def _reset_sequences(model_set: set[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_set))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
