"""`ardoise classroom`: create the first administrator, clear errors, and the missing extra."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ardoise.classroom.app import create_app
from ardoise.classroom.config import ClassroomConfig

from .conftest import PASSWORD, Classroom

if TYPE_CHECKING:
    from conftest import ArdoiseCLI

SRC = Path(__file__).resolve().parents[2] / "src"


def run_with_stdin(cli: ArdoiseCLI, text: str, *args: str) -> tuple[int, str, str]:
    result = subprocess.run(
        cli.argv(*args), input=text, env=cli.env, capture_output=True, text=True, timeout=120
    )
    return result.returncode, result.stdout, result.stderr


def test_create_admin_reads_the_password_from_stdin_and_stores_only_its_hash(
    ardoise_cli: ArdoiseCLI, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    status, out, err = run_with_stdin(
        ardoise_cli, PASSWORD + "\n", "classroom", "create-admin", "alice", "--data", str(data)
    )
    assert status == 0, err
    assert "Administrator alice created" in out
    with sqlite3.connect(data / "classroom.sqlite3") as connection:
        role, stored = connection.execute(
            "SELECT role, password_hash FROM users WHERE username = 'alice'"
        ).fetchone()
    assert role == "admin"
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_create_admin_refuses_a_short_password_and_creates_nobody(
    ardoise_cli: ArdoiseCLI, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    status, _, err = run_with_stdin(
        ardoise_cli, "short\n", "classroom", "--data", str(data), "create-admin", "alice"
    )
    assert status == 1
    assert err.strip() == ("ardoise: error: password 'alice' refused: Use at least 10 characters.")
    with sqlite3.connect(data / "classroom.sqlite3") as connection:
        assert connection.execute("SELECT count(*) FROM users").fetchone()[0] == 0


def test_create_teacher_makes_an_account_that_signs_in_to_the_teachers_dashboard(
    ardoise_cli: ArdoiseCLI, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    status, out, err = run_with_stdin(
        ardoise_cli, PASSWORD + "\n", "classroom", "--data", str(data),
        "create-teacher", "tess", "--name", "Tess Durand",
    )  # fmt: skip
    assert status == 0, err
    assert "Teacher tess created" in out
    classroom = Classroom(create_app(ClassroomConfig(data=data)), ClassroomConfig(data=data))
    teacher = classroom.signed_in("tess")
    assert teacher.get("/teacher").status_code == 200
    assert "Tess Durand" in teacher.get("/teacher").text
    # The same name twice is refused, and says why.
    status, _, err = run_with_stdin(
        ardoise_cli, PASSWORD + "\n", "classroom", "--data", str(data), "create-teacher", "tess"
    )
    assert status == 1
    assert err.startswith("ardoise: error: username 'tess' refused:")


def test_a_bad_database_url_is_one_clear_line(ardoise_cli: ArdoiseCLI) -> None:
    result = ardoise_cli.run("classroom", "--database-url", "nosuchdb://x")
    [line] = ardoise_cli.errors(result)
    assert line.startswith("--database-url:")
    assert "postgresql://" in line


def test_a_signal_origin_that_is_not_an_origin_is_one_clear_line(
    ardoise_cli: ArdoiseCLI, tmp_path: Path
) -> None:
    result = ardoise_cli.run(
        "classroom", "--data", str(tmp_path), "--signal-origin", "https://course.example.org/x"
    )
    [line] = ardoise_cli.errors(result)
    assert line.startswith("--signal-origin 'https://course.example.org/x' is not a site's origin")
    assert "https://course.example.org" in line


def test_an_unwritable_data_folder_is_one_clear_line(
    ardoise_cli: ArdoiseCLI, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = ardoise_cli.run("classroom", "--data", str(blocker / "data"))
    [line] = ardoise_cli.errors(result)
    assert line.startswith(f"cannot create the data folder '{blocker / 'data'}'")
    assert "--data DIR" in line


def test_without_the_classroom_extra_one_sentence_says_what_to_install(
    ardoise_cli: ArdoiseCLI, tmp_path: Path
) -> None:
    # -S: no site-packages, so none of the extra's packages can be imported;
    # the static-site commands still load.
    code = (
        f"import sys; sys.path.insert(0, {str(SRC)!r}); from ardoise.cli import main; "
        "sys.exit(main(sys.argv[1:]))"
    )

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-S", "-c", code, *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            cwd=tmp_path,
        )

    result = run("classroom")
    [line] = ardoise_cli.errors(result)
    assert line.startswith("the classroom server needs packages that are not installed (fastapi")
    assert line.endswith("install them with: pip install 'ardoise[classroom]'")
    assert run("serve", "--help").returncode == 0


def test_an_unreachable_database_is_one_clear_line(ardoise_cli: ArdoiseCLI) -> None:
    result = ardoise_cli.run("classroom", "--database-url", "postgresql://nobody@127.0.0.1:1/x")
    [line] = ardoise_cli.errors(result)
    assert line.startswith("cannot open the database postgresql+psycopg://nobody@127.0.0.1:1/x:")
    assert line.endswith("; check --data or --database-url")
