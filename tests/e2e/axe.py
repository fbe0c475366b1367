"""axe-core, the accessibility engine, run in the page from the front end's node_modules.

`violations(page)` injects axe (once per document) and returns one line per
violation: its rule, impact and the targets it found, so that a failing test
says what to fix and where. `in_every_theme(page)` runs it in each of THEMES,
as the system asks for them (the page's theme switch left on "As the system").
"""

from __future__ import annotations

from typing import Any, Literal

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


Scheme = Literal["light", "dark"]
Contrast = Literal["no-preference", "more"]

# Light and dark, each also with the system's "increase contrast" (the high-contrast theme).
THEMES: tuple[tuple[Scheme, Contrast], ...] = (
    ("light", "no-preference"),
    ("dark", "no-preference"),
    ("light", "more"),
    ("dark", "more"),
)
# The app applies a change of contrast from a media-query listener, a moment after the
# change, unless its theme switch overrides the system's (the classroom's pages have none).
THEME_APPLIED = """(more) => {
    if (matchMedia("(prefers-contrast: more)").matches !== more) return false;
    const choice = document.querySelector(".theme-switch select");
    if (!choice || choice.value !== "system") return true;
    return (document.documentElement.dataset.contrast === "more") === more;
}"""
# The app's high-contrast theme promises 7:1 (WCAG's AAA contrast), and is held to it.
SEVEN_TO_ONE = ("color-contrast-enhanced",)


def in_every_theme(
    page: Page, *, also: tuple[str, ...] = (), seven_to_one: bool = True
) -> list[str]:
    """The violations in each of THEMES, each line prefixed by its theme; `seven_to_one`
    adds the 7:1 rule with more contrast. The page is left light, as Playwright starts it."""
    found = []
    for scheme, contrast in THEMES:
        page.emulate_media(color_scheme=scheme, contrast=contrast)
        page.wait_for_function(THEME_APPLIED, arg=contrast == "more", polling=50)
        rules = also + (SEVEN_TO_ONE if seven_to_one and contrast == "more" else ())
        theme = f"[{scheme}, contrast {contrast}]"
        found += [f"{theme} {line}" for line in violations(page, also=rules)]
    page.emulate_media(color_scheme="light", contrast="no-preference")
    return found


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

    def check_every_theme(self, state: str, *, seven_to_one: bool = True) -> None:
        problems = in_every_theme(self.page, also=self.also, seven_to_one=seven_to_one)
        if problems:
            self.found[state] = problems

    def report(self) -> str:
        return "\n".join(
            f"{state}:\n  " + "\n  ".join(problems) for state, problems in self.found.items()
        )
