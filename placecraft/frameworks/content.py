"""Converting between a stored definition (``Framework.as_dict()``), the loader's dataclasses
and the file format, so that an adapted framework is checked by exactly the same rules as a
file in the repository."""

from __future__ import annotations

from typing import Any

import yaml

from placecraft.frameworks import schema


def framework_from_dict(data: dict[str, Any]) -> schema.Framework:
    """The dataclasses for a definition stored with ``Framework.as_dict()``."""
    return schema.Framework(
        slug=data["slug"],
        version=data["version"],
        toolset=data["toolset"],
        title=data["title"],
        purpose=data["purpose"],
        credit=data["credit"],
        subjects=tuple(data["subjects"]),
        modes=tuple(data["modes"]),
        scales=tuple(
            schema.Scale(
                s["slug"],
                s["title"],
                tuple(schema.ScalePoint(p["value"], p["label"]) for p in s["points"]),
            )
            for s in data.get("scales", [])
        ),
        stages=tuple(
            schema.Stage(s["slug"], s["title"], s.get("description"))
            for s in data.get("stages", [])
        ),
        sections=tuple(
            schema.Section(
                slug=section["slug"],
                title=section["title"],
                description=section["description"],
                applies_to=tuple(section.get("applies_to", [])),
                prompts=tuple(_prompt(p) for p in section["prompts"]),
            )
            for section in data["sections"]
        ),
    )


def _prompt(data: dict[str, Any]) -> schema.Prompt:
    return schema.Prompt(
        slug=data["slug"],
        kind=data["kind"],
        text=data["text"],
        help=data.get("help"),
        scale=data.get("scale"),
        if_not_met=data.get("if_not_met"),
        levels=tuple(
            schema.StageLevel(level["stage"], level["description"], level["from"], level["to"])
            for level in data.get("levels", [])
        ),
    )


def file_data(data: dict[str, Any]) -> dict[str, Any]:
    """A stored definition in the shape of a framework file (docs/frameworks.md)."""
    out: dict[str, Any] = {
        key: data[key]
        for key in ("slug", "version", "toolset", "title", "purpose", "credit", "subjects", "modes")
    }
    if data.get("scales"):
        out["scales"] = data["scales"]
    if data.get("stages"):
        out["stages"] = [
            {k: v for k, v in stage.items() if v is not None} for stage in data["stages"]
        ]
    out["sections"] = []
    for section in data["sections"]:
        item: dict[str, Any] = {
            "slug": section["slug"],
            "title": section["title"],
            "description": section["description"],
        }
        if section.get("applies_to"):
            item["applies_to"] = section["applies_to"]
        item["prompts"] = [_prompt_file_data(prompt) for prompt in section["prompts"]]
        out["sections"].append(item)
    return out


def _prompt_file_data(prompt: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {"slug": prompt["slug"], "kind": prompt["kind"], "text": prompt["text"]}
    for key in ("help", "scale", "if_not_met"):
        if prompt.get(key):
            item[key] = prompt[key]
    if prompt["kind"] == "stage":
        item["stages"] = {
            level["stage"]: (
                {"from": level["from"], "to": level["to"]}
                if level.get("from")
                else level["description"]
            )
            for level in prompt["levels"]
        }
    return item


def validate(data: dict[str, Any], source: str = "adaptation") -> schema.Framework:
    """Check a definition with the file loader's rules; raises ``schema.FrameworkError``."""
    text = yaml.safe_dump(file_data(data), sort_keys=False, allow_unicode=True, width=1000)
    return schema.parse_definition(text, source)
