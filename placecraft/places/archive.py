"""Whole-place export and import: a versioned ZIP archive of everything a place holds.

What belongs to a place is found from the model graph, not from a hand-kept list, so a new app's
models are carried without changes here: every object whose chain of foreign keys (one-to-one
links included) leads to this ``Place`` belongs to it. The people those objects refer to come
too, with what belongs to them (email addresses, preferences, their notifications from this
place…), found the same way through links to the user model, and so does the reference data
they point at (shipped frameworks…). Nothing of another place is carried.

Credentials never leave the database: no password hashes (people's passwords come back
unusable), no second factors (TOTP secrets, recovery codes, security keys), no API or OAuth
tokens. After a restore people set a new password, and place admins a new second factor.

The archive holds ``manifest.json`` (format, version, counts, a checksum of the data and of every
file), ``data.jsonl`` (Django's serialisation, one object a line, in an order that satisfies
every foreign key) and the uploaded files under ``files/``. Export reads the database in pages
of ``PLACE_ARCHIVE_BATCH_SIZE`` rows and streams them into the archive, so memory does not grow
with the number of ballots or answers (only the keys of the people and reference rows they
point at are held, a few bytes each); import streams the entries back the same way.

Import is all-or-nothing: a partial, corrupt or hostile archive (an entry outside ``files/``,
a path that climbs out of the media folder, an entry the manifest does not list, more bytes than
the limit) fails with a clear error before anything is written.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError, DeserializedObject
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Deserializer as PythonDeserializer
from django.db import DatabaseError, connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from placecraft.places.models import Place

FORMAT = "placecraft-place"
# Version 2 writes data.jsonl (one object a line, so it can be read as a stream); version 1
# archives (data.json, one JSON array) are still read.
VERSION = 2
DATA_FILES = {1: ("data.json", "json"), 2: ("data.jsonl", "jsonl")}
DEFAULT_BATCH_SIZE = 2000
DEFAULT_MAX_BYTES = 20 * 1024**3
_CHUNK = 1024 * 1024
# Framework data, not a place's: loaded from files by every installation.
_SKIP_APPS = {"admin", "contenttypes", "sessions", "auth", "django_tasks_database"}
# Secrets that let someone sign in or act as a person: never written to an archive.
_CREDENTIALS = {
    "mfa.Authenticator",
    "accounts.ApiToken",
    "account.EmailConfirmation",
    "socialaccount.SocialToken",
    "socialaccount.SocialApp",
}


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup must keep them whole."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class ArchiveError(Exception):
    """The archive cannot be imported; nothing has been written."""


def _user_model() -> type[models.Model]:
    return apps.get_model(settings.AUTH_USER_MODEL)


def _models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in _SKIP_APPS
        and model._meta.label not in _CREDENTIALS
        and not model._meta.proxy
        and model._meta.managed
        # Tables the database works out from others (the commitment tallies) are rebuilt
        # when those are imported, so carrying them too would count everything twice.
        and not getattr(model, "derived", False)
    ]


def _links(model: type[models.Model]) -> list[Any]:
    """The model's own foreign keys and one-to-one links."""
    return [
        field
        for field in model._meta.concrete_fields
        if field.is_relation and (field.many_to_one or field.one_to_one)
    ]


def _m2m(model: type[models.Model]) -> list[Any]:
    return [
        field
        for field in model._meta.many_to_many
        if field.remote_field.through is not None
        and field.remote_field.through._meta.auto_created
        and isinstance(field.related_model, type)
    ]


def _paths_to_place(candidates: list[type[models.Model]]) -> dict[type[models.Model], list[str]]:
    """For each model that can reach ``Place`` through its links, the shortest chain of field
    names that does (breadth first, so the first path found is a shortest one)."""
    paths: dict[type[models.Model], list[str]] = {Place: []}
    changed = True
    while changed:
        changed = False
        for model in candidates:
            if model in paths:
                continue
            options = [
                [link.name, *paths[link.related_model]]
                for link in _links(model)
                if link.related_model in paths
            ]
            if options:
                paths[model] = min(options, key=len)
                changed = True
    return paths


def _ordered(chosen: Iterable[type[models.Model]]) -> list[type[models.Model]]:
    """Models in an order where every link points at something already written."""
    remaining = set(chosen)
    order: list[type[models.Model]] = []
    while remaining:
        ready = [
            model
            for model in remaining
            if all(
                link.related_model not in remaining or link.related_model is model
                for link in _links(model)
            )
        ]
        if not ready:  # a cycle: break it with the model that has the fewest outstanding links
            ready = [min(remaining, key=lambda m: m._meta.label)]
        for model in sorted(ready, key=lambda m: m._meta.label):
            order.append(model)
            remaining.discard(model)
    return order


def _chunks(values: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for value in values:
        chunk.append(value)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def batch_size() -> int:
    return int(getattr(settings, "PLACE_ARCHIVE_BATCH_SIZE", DEFAULT_BATCH_SIZE))


@dataclass
class Scope:
    """What an archive of one place holds: for each model, the place's own rows (a filter, so
    however many there are they are never listed in a query) and the rows of people and
    reference data they point at (keys, collected a page at a time)."""

    place: Place
    own: dict[type[models.Model], Q] = field(default_factory=dict)
    extra: dict[type[models.Model], set[Any]] = field(default_factory=lambda: defaultdict(set))

    def models(self) -> list[type[models.Model]]:
        return _ordered({*self.own, *(model for model, keys in self.extra.items() if keys)})


def scope(place: Place, *, size: int | None = None) -> Scope:
    size = size or batch_size()
    user_model = _user_model()
    candidates = [model for model in _models() if model is not user_model]
    carried = set(_models())
    paths = _paths_to_place(candidates)
    found = Scope(place)
    for model in candidates:
        if model in paths:
            found.own[model] = Q(**{"__".join(paths[model]) or "pk": place.pk})
    # What people own outside any place (email addresses, preferences, notifications…),
    # with, for notifications, only those that lead into this place.
    owned: list[tuple[type[models.Model], str, Q]] = [
        (model, link.name, _owned_filter(model, place))
        for model in candidates
        if model not in paths
        for link in _links(model)
        if link.related_model is user_model and not link.null
    ]
    queue: list[tuple[type[models.Model], set[Any]]] = []

    def add(model: type[models.Model], keys: Iterable[Any]) -> None:
        new = set(keys) - found.extra[model]
        if new:
            found.extra[model] |= new
            queue.append((model, new))

    def outside(target: type[models.Model], rows: models.QuerySet[Any]) -> Iterator[Any]:
        """Keys of the rows pointed at that are not the place's own already: people and
        reference data (rows of place models that belong to no place, such as shipped
        frameworks). Another place's rows are never among them."""
        if target in paths:
            if not paths[target]:
                return iter(())
            rows = rows.filter(**{"__".join(paths[target]) + "__isnull": True})
        return rows.values_list("pk", flat=True).iterator()

    def follow(source: models.QuerySet[Any]) -> None:
        model = source.model
        for link in _links(model):
            target = link.related_model
            if target in carried:
                rows = target._base_manager.filter(pk__in=source.values(link.attname))
                add(target, outside(target, rows))
        for m2m in _m2m(model):
            target = m2m.related_model
            if target in carried:
                rows = target._base_manager.filter(pk__in=source.values(m2m.name))
                add(target, outside(target, rows))

    for model, condition in found.own.items():
        follow(model._base_manager.filter(condition))
    while queue:
        model, keys = queue.pop()
        for chunk in _chunks(sorted(keys), size):
            follow(model._base_manager.filter(pk__in=chunk))
            if model is user_model:
                for owner, name, condition in owned:
                    rows = owner._base_manager.filter(condition, **{f"{name}__in": chunk})
                    add(owner, rows.values_list("pk", flat=True).iterator())
    return found


def _owned_filter(model: type[models.Model], place: Place) -> Q:
    # A notification names no place, but its link does: /p/<place>/…
    if model._meta.label == "notifications.Notification":
        return Q(url__startswith=f"/p/{place.slug}/")
    return Q()


def pages(found: Scope, model: type[models.Model], size: int) -> Iterator[list[models.Model]]:
    """The model's rows in the archive, a page at a time, with what serialising them needs
    (the people and content types named by natural key, the many-to-many links) read with
    the page rather than one row at a time."""
    rows = model._base_manager.order_by("pk")
    natural = [link.name for link in _links(model) if hasattr(link.related_model, "natural_key")]
    if natural:
        rows = rows.select_related(*natural)
    m2m = [field.name for field in _m2m(model)]
    if m2m:
        rows = rows.prefetch_related(*m2m)
    condition = found.own.get(model)
    if condition is not None:
        last = None
        while True:
            page_rows = rows.filter(condition)
            if last is not None:
                page_rows = page_rows.filter(pk__gt=last)
            page = list(page_rows[:size])
            if page:
                yield page
            if len(page) < size:
                break
            last = page[-1].pk
    for chunk in _chunks(sorted(found.extra.get(model, ())), size):
        yield list(rows.filter(pk__in=chunk))


def _file_fields(obj: models.Model) -> list[str]:
    names = []
    for field_ in obj._meta.concrete_fields:
        if isinstance(field_, models.FileField):
            value = getattr(obj, field_.attname)
            if value:
                names.append(str(value))
    return names


def export_place(place: Place, destination: Path, *, size: int | None = None) -> dict[str, Any]:
    size = size or batch_size()
    found = scope(place, size=size)
    user_model = _user_model()
    counts: dict[str, int] = {}
    files: set[str] = set()
    data_digest = hashlib.sha256()
    file_digests: dict[str, str] = {}
    data_name, data_format = DATA_FILES[VERSION]
    with zipfile.ZipFile(destination, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open(data_name, "w", force_zip64=True) as out:
            for model in found.models():
                for page in pages(found, model, size):
                    for obj in page:
                        files.update(_file_fields(obj))
                        if model is user_model:
                            obj.password = UNUSABLE_PASSWORD_PREFIX  # type: ignore[attr-defined]
                    text = serializers.serialize(
                        data_format,
                        page,
                        # content types differ between databases; ids do not
                        use_natural_foreign_keys=True,
                        cls=ExactJSONEncoder,
                    ).encode()
                    data_digest.update(text)
                    out.write(text)
                    counts[model._meta.label] = counts.get(model._meta.label, 0) + len(page)
        for name in sorted(files):
            if not default_storage.exists(name):
                continue
            digest = hashlib.sha256()
            with (
                default_storage.open(name, "rb") as handle,
                archive.open(f"files/{name}", "w", force_zip64=True) as out,
            ):
                for chunk in handle.chunks(_CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
            file_digests[name] = digest.hexdigest()
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "place": place.slug,
            "exported_at": timezone.now().isoformat(),
            "counts": counts,
            "data_sha256": data_digest.hexdigest(),
            "files": file_digests,
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
    return manifest


# --- Import ----------------------------------------------------------------------------------


def _unsafe(name: str) -> bool:
    """A name that could write outside where it belongs: absolute, climbing with "..",
    Windows-style, or with empty parts."""
    if not name or name.startswith(("/", "\\")) or "\\" in name or "\x00" in name:
        return True
    parts = name.split("/")
    return any(part in ("", ".", "..") for part in parts) or ":" in parts[0]


class _Budget:
    """How many more bytes the archive may unpack to."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.left = limit

    def spend(self, amount: int) -> None:
        self.left -= amount
        if self.left < 0:
            raise ArchiveError(
                f"The archive unpacks to more than {self.limit} bytes, larger than the limit "
                "(raise it with --max-bytes if the archive is trusted)."
            )


class _Capped(io.RawIOBase):
    """An archive entry read through the byte budget."""

    def __init__(self, handle: IO[bytes], budget: _Budget) -> None:
        self.handle = handle
        self.budget = budget

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.handle.read(len(buffer))
        self.budget.spend(len(data))
        buffer[: len(data)] = data
        return len(data)


def _digest(archive: zipfile.ZipFile, name: str, budget: _Budget) -> str:
    digest = hashlib.sha256()
    with archive.open(name) as handle:
        reader = _Capped(handle, budget)
        while chunk := reader.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class _Checked:
    manifest: dict[str, Any]
    data_name: str
    data_format: str


def _check(archive: zipfile.ZipFile, limit: int) -> _Checked:
    """Everything that can be known before writing: names, sizes, manifest, checksums."""
    infos = archive.infolist()
    names = [info.filename for info in infos]
    for name in names:
        if _unsafe(name):
            raise ArchiveError(f"The archive holds an entry with an unsafe path: {name!r}.")
    if len(set(names)) != len(names):
        raise ArchiveError("The archive holds the same entry twice.")
    declared = sum(info.file_size for info in infos)
    if declared > limit:
        raise ArchiveError(
            f"The archive unpacks to {declared} bytes, larger than the limit of {limit} bytes "
            "(raise it with --max-bytes if the archive is trusted)."
        )
    budget = _Budget(limit)
    if "manifest.json" not in names:
        raise ArchiveError("The archive is incomplete: manifest.json is missing.")
    with archive.open("manifest.json") as handle:
        manifest = json.loads(_Capped(handle, budget).read())
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError(
            "This is not a Placecraft place archive (its manifest names another format)."
        )
    version = manifest.get("version")
    if version not in DATA_FILES:
        raise ArchiveError(
            f"The archive is format version {version}; "
            f"this Placecraft reads versions {', '.join(map(str, DATA_FILES))}."
        )
    data_name, data_format = DATA_FILES[version]
    listed = manifest.get("files", {})
    if not isinstance(listed, dict):
        raise ArchiveError("The archive's manifest is damaged: its list of files is not a list.")
    for name in listed:
        if not isinstance(name, str) or _unsafe(name):
            raise ArchiveError(
                f"The archive's manifest lists a file with an unsafe path: {name!r}."
            )
    allowed = {"manifest.json", data_name, *(f"files/{name}" for name in listed)}
    for name in names:
        if name not in allowed and not name.endswith("/"):
            raise ArchiveError(f"The archive holds {name}, which is not listed in its manifest.")
    if data_name not in names:
        raise ArchiveError(f"The archive is incomplete: {data_name} is missing.")
    if _digest(archive, data_name, budget) != manifest.get("data_sha256"):
        raise ArchiveError(
            f"The archive is damaged: {data_name} does not match the checksum in its manifest."
        )
    for name, digest in listed.items():
        if f"files/{name}" not in names:
            raise ArchiveError(f"The archive is incomplete: the file {name} is missing.")
        if _digest(archive, f"files/{name}", budget) != digest:
            raise ArchiveError(
                f"The archive is damaged: the file {name} does not match its checksum."
            )
    return _Checked(manifest, data_name, data_format)


def import_place(source: Path, *, max_bytes: int | None = None, size: int | None = None) -> Place:
    limit = max_bytes or int(getattr(settings, "PLACE_ARCHIVE_MAX_BYTES", DEFAULT_MAX_BYTES))
    size = size or batch_size()
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as error:
        raise ArchiveError(
            f"{source} is not a Placecraft archive (not a readable ZIP file: {error})."
        ) from None
    try:
        with archive:
            checked = _check(archive, limit)
            slug = checked.manifest.get("place")
            if Place.objects.filter(slug=slug).exists():
                raise ArchiveError(
                    f"A place called “{slug}” already exists here; import into an empty database."
                )
            with transaction.atomic():
                budget = _Budget(limit)
                with archive.open(checked.data_name) as handle:
                    text = io.TextIOWrapper(
                        io.BufferedReader(_Capped(handle, budget)), encoding="utf-8"
                    )
                    _load(_records(text, checked.data_format), size)
                for name in checked.manifest.get("files", {}):
                    # Last, once every row is in; an existing file is left as it is.
                    if not default_storage.exists(name):
                        with archive.open(f"files/{name}") as handle:
                            default_storage.save(
                                name, File(io.BufferedReader(_Capped(handle, budget)), name=name)
                            )
    except (zipfile.BadZipFile, OSError, EOFError, UnicodeDecodeError) as error:
        raise ArchiveError(f"The archive is damaged: {error}.") from None
    except ValueError as error:  # the manifest is not JSON
        raise ArchiveError(f"The archive's manifest cannot be read: {error}.") from None
    except DeserializationError as error:
        raise ArchiveError(f"The archive's data cannot be read: {error}") from None
    except DatabaseError as error:
        raise ArchiveError(f"The archive's data does not fit this database: {error}") from None
    return Place.objects.get(slug=slug)


def _records(text: IO[str], data_format: str) -> Iterator[dict[str, Any]]:
    try:
        if data_format == "jsonl":
            for line in text:
                if line.strip():
                    yield json.loads(line)
        else:  # version 1: one JSON array
            yield from json.load(text)
    except ValueError as error:
        raise DeserializationError(error) from None


def _load(records: Iterator[dict[str, Any]], size: int) -> None:
    """Save the objects a page of one model at a time. Each page is turned into objects only
    once the pages before it are saved, so natural keys (people by email, content types by
    name) resolve against them; links to objects further on are filled in at the end."""
    user_model = _user_model()
    saved_models: set[type[models.Model]] = set()
    deferred: list[DeserializedObject] = []

    def save(page: list[dict[str, Any]]) -> None:
        try:
            model = apps.get_model(page[0]["model"])
        except (LookupError, KeyError, TypeError, ValueError) as error:
            raise DeserializationError(f"unknown model {error}") from None
        here = model._base_manager.in_bulk([model._meta.pk.to_python(r.get("pk")) for r in page])
        for wrapped in PythonDeserializer(page, handle_forward_references=True):
            existing = here.get(wrapped.object.pk)
            if existing is not None:
                # Reference data every installation loads (shipped frameworks…) is already
                # here; it must be the same, or the archive's links would point wrongly.
                if model is not user_model and _same(existing, wrapped.object):
                    continue
                raise ArchiveError(
                    f"The database is not empty: {model._meta.label} {wrapped.object.pk} "
                    "already exists."
                )
            wrapped.save()
            if wrapped.deferred_fields:
                deferred.append(wrapped)
        saved_models.add(model)

    page: list[dict[str, Any]] = []
    for record in records:
        if not isinstance(record, dict):
            raise DeserializationError("an entry of the data is not an object")
        if page and (page[0].get("model") != record.get("model") or len(page) == size):
            save(page)
            page = []
        page.append(record)
    if page:
        save(page)
    for wrapped in deferred:
        wrapped.save_deferred_fields()
    _reset_sequences(saved_models)


def _same(a: models.Model, b: models.Model) -> bool:
    """The same row, leaving out when it was written (each database loaded it at its own time)."""
    return all(
        getattr(a, f.attname) == getattr(b, f.attname)
        for f in a._meta.concrete_fields
        if not (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))
    )


def _reset_sequences(model_set: set[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_set))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
