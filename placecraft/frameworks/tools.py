"""The frameworks' tools on the toolkit home, each under its toolset.

The sprint team conditions are left to the sprints feature, which uses them as its health check
on a sprint rather than as a tool on their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from placecraft.core.toolkit import Tool, register_tool


@dataclass(frozen=True)
class FrameworkTool:
    toolset: int
    framework: str
    title: str
    description: str

    @property
    def url_name(self) -> str:
        return "tool_" + self.framework.replace("-", "_")


TOOLS = [
    FrameworkTool(
        1,
        "missions-mindset",
        "Missions mindset survey",
        "An anonymous pulse survey, by team, of how far everyday work supports mission-led "
        "working across four areas, with radar charts and a trend from round to round.",
    ),
    FrameworkTool(
        2,
        "mission-scoping",
        "Scoping an impactful mission",
        "Questions on data and insight, potential for impact and building a coalition, to test "
        "a candidate mission with partners.",
    ),
    FrameworkTool(
        2,
        "building-confidence",
        "Building confidence",
        "Prompts on telling the mission's story, working in the open, celebrating success and "
        "growing champions.",
    ),
    FrameworkTool(
        3,
        "enabling-partners",
        "Enabling partners to act",
        "Prompts for each kind of partner to find its part in a mission and agree actions.",
    ),
    FrameworkTool(
        4,
        "community-collaboration",
        "Deepening collaboration with communities",
        "Prompts on participatory and deliberative approaches, relational practice and "
        "investing in community action.",
    ),
    FrameworkTool(
        5,
        "shifting-towards-impact",
        "Shifting towards impact",
        "A self-assessment of the organisation, feature by feature: the stage it is at now, "
        "the stage it aims for, and the actions to get there.",
    ),
]


def register() -> None:
    for tool in TOOLS:
        register_tool(tool.toolset, Tool(tool.title, tool.description, tool.url_name))
    register_tool(
        1,
        Tool(
            "Actions from exercises",
            "Every action agreed in a workshop or after a survey, by owner, status and due date.",
            "action_list",
            for_members=True,
        ),
    )
