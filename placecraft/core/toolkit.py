"""The toolkit's five toolsets as a declared vocabulary, and the tools each app adds to them.

The toolsets follow the structure of *Places on a mission: toolkit* (New Local with Inner Circle
Consulting, 2025); the descriptions are our own words. An app registers a tool only when the
tool works: the toolkit home lists what exists, never what is planned.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Tool:
    title: str
    description: str
    url_name: str  # reversed with the place's slug as its only argument
    for_members: bool = False  # True when only people working in the place can use it


@dataclass
class Toolset:
    number: int
    slug: str
    title: str
    question: str
    summary: str
    tools: list[Tool] = field(default_factory=list)


TOOLSETS: list[Toolset] = [
    Toolset(
        1,
        "culture",
        "Culture",
        "Do our people have the mindset and the room to work on missions?",
        "Grow the habits that mission work depends on. Check how teams think about purpose, "
        "relationships, solving problems and risk, and learn by doing in short, protected "
        "sprints with a senior champion.",
    ),
    Toolset(
        2,
        "shared-purpose",
        "Shared purpose",
        "Have we chosen missions that matter, and do partners believe in them?",
        "Choose missions worth years of effort, with partners and with evidence about the place. "
        "Then build confidence in them: tell their stories, work in the open and mark progress.",
    ),
    Toolset(
        3,
        "system-mobilisation",
        "System mobilisation",
        "Is everyone who could help acting on the missions?",
        "Help every partner in the place, from public bodies and charities to businesses, "
        "universities and funders, see their part in a mission, commit to it and line up money "
        "behind it.",
    ),
    Toolset(
        4,
        "community-power",
        "Community power",
        "Do residents shape the missions and hold us to account?",
        "Give residents real influence: proposing ideas, deciding how budgets are spent, "
        "deliberating in panels and forums, and hearing back what happened to what they said.",
    ),
    Toolset(
        5,
        "impact-in-uncertainty",
        "Impact in uncertainty",
        "Is our organisation set up to deliver impact when the way ahead is unclear?",
        "Reshape how the organisation is run around impact. Assess how far it has shifted, weigh "
        "the risks of acting against the risks of not acting, and keep learning as you go.",
    ),
]

TOOLSETS_BY_SLUG = {toolset.slug: toolset for toolset in TOOLSETS}


def register_tool(toolset: int, tool: Tool) -> None:
    """Called from an app's ``AppConfig.ready``."""
    tools = TOOLSETS[toolset - 1].tools
    if tool not in tools:
        tools.append(tool)
