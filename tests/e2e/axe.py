"""axe-core, the accessibility engine, run in the page from the front end's node_modules.

`violations(page)` injects axe (once per document) and returns one line per
violation: its rule, impact and the targets it found, so that a failing test
says what to fix and where.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

from .conftest import REPO

AXE = REPO / "frontend" / "node_modules" / "axe-core" / "axe.min.js"


# Rules axe leaves off by default that WCAG 2.2 AA needs: touch targets of 24 px (2.5.8).
WCAG22 = ("target-size",)


def violations(page: Page, *, also: tuple[str, ...] = ()) -> list[str]:
    """Every rule axe runs by default, the WCAG 2.2 AA ones it leaves off, and `also`."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=AXE)
    found: list[dict[str, Any]] = page.evaluate(
        """async (extra) => {
            const rules = Object.fromEntries(extra.map((id) => [id, { enabled: true }]));
            return (await axe.run(document, { resultTypes: ["violations"], rules })).violations;
        }""",
        [*WCAG22, *also],
    )
    return [describe(violation) for violation in found]


def describe(violation: dict[str, Any]) -> str:
    targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
    summary = violation["nodes"][0].get("failureSummary", "").replace("\n", " ")
    return (
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        f"{', '.join(targets)} — {summary}"
    )


class Audit:
    """Collects the violations of several states of the app, to report them all at once."""

    def __init__(self, page: Page, *, also: tuple[str, ...] = ()) -> None:
        self.page = page
        self.also = also
        self.found: dict[str, list[str]] = {}

    def check(self, state: str) -> None:
        problems = violations(self.page, also=self.also)
        if problems:
            self.found[state] = problems

    def report(self) -> str:
        return "\n".join(
            f"{state}:\n  " + "\n  ".join(problems) for state, problems in self.found.items()
        )
