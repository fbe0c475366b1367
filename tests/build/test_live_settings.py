"""`ardoise build` writes live collaboration's signaling and ICE servers into site.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import ArdoiseCLI


def manifest(site: Path) -> dict[str, object]:
    return json.loads((site / "site.json").read_text("utf-8"))  # type: ignore[no-any-return]


def test_a_site_for_another_host_names_its_signaling_and_ice_servers(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    result = ardoise_cli.run(
        "build", str(a_course), "-o", str(site),
        "--live-signaling", "wss://signal.example.org/_live/signal",
        "--ice-server", "stun:stun.example.org:3478",
        "--ice-server", "turn:turn.example.org:3478",
        "--turn-username", "class", "--turn-credential", "open",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert manifest(site)["live"] == {
        "signaling": ["wss://signal.example.org/_live/signal"],
        "iceServers": [
            {"urls": "stun:stun.example.org:3478"},
            {"urls": "turn:turn.example.org:3478", "username": "class", "credential": "open"},
        ],
    }


def test_a_site_built_without_live_settings_uses_the_serving_hosts_signaling(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    assert ardoise_cli.run("build", str(a_course), "-o", str(site)).returncode == 0
    assert "live" not in manifest(site)


@pytest.mark.parametrize(
    ("options", "error"),
    [
        (
            ["--live-signaling", "https://signal.example.org/"],
            "--live-signaling 'https://signal.example.org/' is not a websocket URL; "
            "give one like wss://signal.example.org/_live/signal",
        ),
        (
            ["--ice-server", "stun.example.org"],
            "--ice-server 'stun.example.org' is not a STUN or TURN URL; "
            "give one like stun:stun.example.org:3478 or turn:turn.example.org:3478",
        ),
        (
            ["--ice-server", "stun:stun.example.org", "--turn-username", "class"],
            "--turn-username and --turn-credential go together, with a turn: --ice-server",
        ),
    ],
)
def test_live_settings_that_cannot_work_are_refused_before_building(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path, options: list[str], error: str
) -> None:
    result = ardoise_cli.run("build", str(a_course), "-o", str(tmp_path / "site"), *options)
    assert result.returncode == 1
    assert ardoise_cli.errors(result) == [error]
    assert not (tmp_path / "site").exists()
