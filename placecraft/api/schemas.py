"""Output schemas: every field is named; nothing is exposed by "all fields"."""

from datetime import datetime

from ninja import Schema


class Error(Schema):
    detail: str


class PlaceOut(Schema):
    slug: str
    name: str
    gss_codes: list[str]
    is_demo: bool
    updated_at: datetime


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    gss_code: str
    description: str
    website: str
    updated_at: datetime
