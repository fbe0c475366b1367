"""The `ardoise` command: build | serve | classroom (check comes later)."""

from __future__ import annotations

import argparse
import logging
import os
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import __version__
from .errors import ArdoiseError
from .settings import setting

__all__ = ["main"]

PROG = "ardoise"
# School sign-in (OpenID Connect): option, metavar. No option takes the client secret.
OIDC_OPTIONS = {
    "oidc_issuer": ("--oidc-issuer", "URL"),
    "oidc_client_id": ("--oidc-client-id", "ID"),
    "oidc_client_secret_file": ("--oidc-client-secret-file", "FILE"),
    "oidc_button": ("--oidc-button", "TEXT"),
    "oidc_name_claim": ("--oidc-name-claim", "CLAIM"),
    "oidc_teacher_claim": ("--oidc-teacher-claim", "CLAIM=VALUE"),
}


def main(argv: list[str] | None = None) -> int:
    """Run the command line `argv` (default: `sys.argv[1:]`); the exit status."""
    args = _parser().parse_args(argv)
    _configure_logging(verbose=args.verbose)
    command: Callable[[argparse.Namespace], int] = args.command
    try:
        return command(args)
    except ArdoiseError as error:
        for line in error.lines:
            print(f"{PROG}: error: {line}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130


def run_build(args: argparse.Namespace) -> int:
    """`ardoise build CONTENT -o SITE [--title TEXT] [--requirements FILE] [--pyodide-dist …]`."""
    from .build import build_site
    from .build.live import live_settings

    content, output = Path(args.content), Path(args.output)
    report = build_site(
        content,
        output,
        title=args.title or None,
        requirements=Path(args.requirements) if args.requirements else None,
        pyodide_dist=args.pyodide_dist or None,
        live=live_settings(
            signaling=args.live_signaling or (),
            ice_servers=args.ice_server or (),
            turn_username=args.turn_username,
            turn_credential=args.turn_credential,
        ),
    )
    bundled = f", {_count(len(report.packages), 'package')} bundled" if report.packages else ""
    print(
        f"Built {output}/ from {content}: {_count(report.notebooks, 'notebook')}, "
        f"{_count(report.files, 'file')}, Pyodide {report.pyodide_version}{bundled}"
    )
    print(f"Serve it with: {PROG} serve {shlex.quote(str(output))}")
    return 0


def run_serve(args: argparse.Namespace) -> int:
    """`ardoise serve [SITE] [--host HOST] [--port PORT] [--signal-origin URL]...`."""
    from .serve import serve_site

    return serve_site(
        Path(args.site), host=args.host, port=args.port, signal_origins=args.signal_origin or ()
    )


def run_classroom(args: argparse.Namespace) -> int:
    """`ardoise classroom [--data DIR] [--database-url URL] [--course DIR] [--host] [--port]`."""
    from .classroom.cli import create_admin, create_teacher, serve_classroom

    config = _classroom_config(args)
    action = getattr(args, "action", None)
    if action == "create-admin":
        return create_admin(config, args.username)
    if action == "create-teacher":
        return create_teacher(config, args.username, getattr(args, "name", None))
    return serve_classroom(config, host=args.host, port=args.port, verbose=args.verbose)


def _classroom_config(args: argparse.Namespace) -> Any:
    from .classroom.config import ClassroomConfig
    from .classroom.oidc_config import ENVIRONMENT, oidc_settings
    from .signaling import checked_origins

    course = Path(args.course) if args.course else None
    if course is not None and not course.is_dir():
        raise ArdoiseError(f"--course '{course}' is not a folder; give a folder of notebooks")
    given = {name: getattr(args, f"oidc_{name}", None) for name in ENVIRONMENT}
    return ClassroomConfig(
        data=Path(args.data),
        database_url=args.database_url or None,
        content=course,
        signal_origins=checked_origins(getattr(args, "signal_origin", None) or ()),
        oidc=oidc_settings(given, os.environ),
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Jupyter notebooks that run entirely in the browser."
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-v", "--verbose", action="store_true", help="Tell each step, and each request served"
    )

    build_command = commands.add_parser(
        "build", parents=[common], help="Build a static site from a folder of notebooks"
    )
    build_command.set_defaults(command=run_build)
    build_command.add_argument(
        "content", metavar="CONTENT", help="Folder of notebooks and data files"
    )
    _option(build_command, "-o", "--output", name="site", metavar="SITE", required=True)
    _option(build_command, "--title", name="title", metavar="TEXT")
    _option(build_command, "--requirements", name="requirements", metavar="FILE")
    _option(build_command, "--pyodide-dist", name="pyodide_dist", metavar="PATH_OR_URL")
    _option(
        build_command, "--live-signaling", name="live_signaling", metavar="URL", action="append"
    )
    _option(build_command, "--ice-server", name="ice_server", metavar="URL", action="append")
    _option(build_command, "--turn-username", name="turn_username", metavar="NAME")
    _option(build_command, "--turn-credential", name="turn_credential", metavar="PASSWORD")

    serve_command = commands.add_parser(
        "serve", parents=[common], help="Serve a built site on this computer"
    )
    serve_command.set_defaults(command=run_serve)
    _option(serve_command, "site", name="site", metavar="SITE", nargs="?")
    _option(serve_command, "--host", name="host")
    _option(serve_command, "--port", name="port", type=int)
    _option(serve_command, "--signal-origin", name="signal_origin", metavar="URL", action="append")

    classroom = commands.add_parser(
        "classroom",
        parents=[common],
        help="Serve the classroom: teachers hand out notebooks, students hand in copies",
    )
    classroom.set_defaults(command=run_classroom)
    _classroom_options(classroom)
    for name, (flag, metavar) in OIDC_OPTIONS.items():
        _option(classroom, flag, name=name, metavar=metavar)
    actions = classroom.add_subparsers(title="actions", metavar="ACTION")
    admin = actions.add_parser(
        "create-admin",
        parents=[common],
        help="Create an administrator (the password is asked for, or read from stdin)",
        argument_default=argparse.SUPPRESS,
    )
    admin.add_argument("username", metavar="USERNAME", help="The administrator's username")
    admin.set_defaults(action="create-admin")
    _classroom_options(admin, suppress=True)
    teacher = actions.add_parser(
        "create-teacher",
        parents=[common],
        help="Create a teacher account (the password is asked for, or read from stdin)",
        argument_default=argparse.SUPPRESS,
    )
    teacher.add_argument("username", metavar="USERNAME", help="The teacher's username")
    teacher.add_argument("--name", help="The name students see (default: the username)")
    teacher.set_defaults(action="create-teacher")
    _classroom_options(teacher, suppress=True)
    return parser


def _classroom_options(parser: argparse.ArgumentParser, *, suppress: bool = False) -> None:
    # Given after the action too (`create-admin NAME --data DIR`); SUPPRESS keeps a
    # value given before it.
    extra: dict[str, Any] = {"default": argparse.SUPPRESS} if suppress else {}
    _option(parser, "--data", name="data", metavar="DIR", **extra)
    _option(parser, "--database-url", name="database_url", metavar="URL", **extra)
    _option(parser, "--course", "--content", name="course", metavar="DIR", **extra)
    _option(parser, "--host", name="host", **extra)
    _option(parser, "--port", name="port", type=int, **extra)
    _option(
        parser, "--signal-origin", name="signal_origin", metavar="URL", action="append", **extra
    )


def _option(parser: argparse.ArgumentParser, *flags: str, name: str, **options: Any) -> None:
    """An argument whose default and help come from the setting `name`."""
    declared = setting(name)
    text = declared.help
    options.setdefault("default", declared.default)
    if declared.default is not None and not options.get("required"):
        text += f" (default: {declared.default})"
    parser.add_argument(*flags, help=text, **options)


def _configure_logging(*, verbose: bool) -> None:
    logger = logging.getLogger(PROG)
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
