from __future__ import annotations

PAGES: list[object] = []

NOT_PAGES = {
    "api:api-root": "the API has no root page",
    "api:openapi-json": "the OpenAPI document (JSON)",
    "api:openapi-view": "Swagger UI, third-party interactive documentation",
    "api:list_places": "JSON",
    "api:get_place": "JSON",
    "api:list_organisations": "JSON",
    "api:get_organisation": "JSON",
}
