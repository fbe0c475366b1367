"""School sign-in from the command line: options, environment, the secret's file, clear errors."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from .oidc_provider import TestProvider, free_port, served
from .test_process import read_until

if TYPE_CHECKING:
    from conftest import ArdoiseCLI


def run(ardoise_cli: ArdoiseCLI, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in ardoise_cli.env.items() if not k.startswith("ARDOISE_OIDC_")}
    return subprocess.run(
        ardoise_cli.argv("classroom", *args),
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_school_sign_in_missing_a_part_is_refused_in_one_sentence(
    ardoise_cli: ArdoiseCLI, tmp_path: Path
) -> None:
    data = ["--data", str(tmp_path / "data")]
    issuer = ["--oidc-issuer", "https://sso.example.org/realms/school"]
    cases = [
        ([*issuer], {}, "--oidc-issuer needs the client id"),
        ([*issuer, "--oidc-client-id", "c"], {}, "needs the client secret: set ARDOISE_OIDC"),
        (
            [*issuer, "--oidc-client-id", "c", "--oidc-client-secret-file", "/no/such/file"],
            {},
            "cannot read the client secret file '/no/such/file': No such file or directory",
        ),
        (
            ["--oidc-issuer", "http://sso.example.org", "--oidc-client-id", "c"],
            {"ARDOISE_OIDC_CLIENT_SECRET": "s"},
            "is not an https URL",
        ),
        (
            [*issuer, "--oidc-teacher-claim", "teacher"],
            {"ARDOISE_OIDC_CLIENT_ID": "c", "ARDOISE_OIDC_CLIENT_SECRET": "s"},
            "--oidc-teacher-claim 'teacher' is not CLAIM=VALUE",
        ),
        (["--oidc-client-id", "c"], {}, "--oidc-client-id needs --oidc-issuer"),
    ]
    for args, env, expected in cases:
        result = run(ardoise_cli, *data, *args, **env)
        [error] = ardoise_cli.errors(result)
        assert expected in error, (args, error)
    # Nothing was started nor created for a refused configuration.
    assert not (tmp_path / "data").exists()


def test_the_server_signs_in_through_the_provider_with_the_secret_from_a_file(
    ardoise_cli: ArdoiseCLI, tmp_path: Path
) -> None:
    port = free_port()
    provider = TestProvider(f"http://127.0.0.1:{port}/signin/oidc/callback")
    secret = tmp_path / "client-secret"
    secret.write_text(provider.client_secret + "\n")
    args = [
        "--data",
        str(tmp_path / "data"),
        "--port",
        str(port),
        "--oidc-issuer",
        provider.issuer,
        "--oidc-client-secret-file",
        str(secret),
        "--oidc-button",
        "Se connecter avec l'ENT",
    ]
    env = {**ardoise_cli.env, "ARDOISE_OIDC_CLIENT_ID": provider.client_id}
    with served(provider.app(), provider.port):
        server = subprocess.Popen(
            ardoise_cli.argv("classroom", *args),
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            url = read_until(server, r"Classroom at (http://127\.0\.0\.1:\d+/)").group(1)
            assert provider.client_secret not in " ".join(args)
            with httpx.Client(base_url=url, follow_redirects=True, timeout=60) as browser:
                page = browser.get("/signin").text
                button = re.search(r'<a class="button" href="(/signin/oidc)">([^<]+)</a>', page)
                assert button
                assert button.group(2) == "Se connecter avec l&#39;ENT"
                landed = browser.get(button.group(1))
                assert landed.status_code == 200
                assert "Signed in as Ada Lovelace" in landed.text
        finally:
            server.terminate()
            server.wait(timeout=60)
            assert server.stdout is not None
            server.stdout.close()
    assert provider.tokens_issued == 1
