"""Uploaded files: stored under names nobody can guess, and handed out only by views that have
checked the person may see the object the file belongs to."""

from __future__ import annotations

import mimetypes
import os
import posixpath
import secrets
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse


class RandomNameStorage(FileSystemStorage):
    """Every uploaded file gets a random name in its field's folder, keeping only the extension:
    the name a person gave a file (often a person's name) is not published, and a file's address
    cannot be guessed from another's. Files saved before keep the names they have."""

    def generate_filename(self, filename: str | os.PathLike[str]) -> str:
        folder, name = posixpath.split(os.fspath(filename))
        extension = posixpath.splitext(name)[1].lower()
        return super().generate_filename(posixpath.join(folder, secrets.token_hex(16) + extension))


def serve(file: FieldFile, *, public: bool) -> HttpResponse | FileResponse:
    """The file's content for a person the caller has already let see its object.

    With ``MEDIA_ACCEL_PREFIX`` set, the web server sends the file from its internal location
    (nginx's ``X-Accel-Redirect``) and the app process is free at once; otherwise it is
    streamed from storage."""
    name = file.name if file else None
    if not name or not file.storage.exists(name):
        raise Http404("No such file")
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    prefix = settings.PLACECRAFT_MEDIA_ACCEL_PREFIX
    response: HttpResponse | FileResponse
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(name)
    else:
        response = FileResponse(file.storage.open(name, "rb"), content_type=content_type)
    # A file of a private object must not be kept by a shared cache on the way.
    response["Cache-Control"] = "public, max-age=3600" if public else "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
