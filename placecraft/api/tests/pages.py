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
NOT_PAGES.update(
    {
        f"api:{name}": "JSON"
        for name in [
            "list_missions",
            "create_mission",
            "get_mission",
            "update_mission",
            "change_mission_status",
            "list_progress_updates",
            "get_progress_update",
            "post_progress_update",
            "list_indicators",
            "get_indicator",
            "list_observations",
            "post_observations",
        ]
    }
)
