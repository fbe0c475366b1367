"""Live copies: many random editing sessions, each checked for convergence.

For each seed, a new student joins an activity (a new copy), and three replicas
(the student, a second tab of theirs, the teacher) edit it at random through a
real classroom server, with messages sent and applied out of order, disconnects
and reconnects (tests/classroom/live_sim.py). At the end every replica must
hold the same document and the copy saved must be that document as .ipynb.

    python benchmarks/live_convergence.py [--seeds 200] [--first 1] [--steps 150]
        [--clients 3] [--database-url URL]

Prints one line per failing seed (with its error), then how many converged and
the median time per session with the machine. Nothing is asserted about time.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "tests"))

from pycrdt import Doc  # noqa: E402

from ardoise.classroom import ClassroomConfig, create_app  # noqa: E402
from ardoise.classroom.live_room import Timing  # noqa: E402
from ardoise.classroom.models import Role  # noqa: E402
from classroom.conftest import Classroom  # noqa: E402
from classroom.live_client import LiveClient, LiveServer, state_vector  # noqa: E402
from classroom.live_sim import converge  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=200)
    parser.add_argument("--first", type=int, default=1)
    parser.add_argument("--steps", type=int, default=150)
    parser.add_argument("--clients", type=int, default=3)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        config = ClassroomConfig(data=Path(folder) / "data", database_url=args.database_url)
        app = create_app(config)
        app.state.live.timing = Timing(save_after=0.2, save_within=2.0, unload_after=1.0)
        classroom = Classroom(app, config)
        teacher = classroom.signed_in("tina", Role.TEACHER)
        _, code = classroom.activity(teacher)
        server = LiveServer(app).start()
        failures, seconds, resynced = [], [], []
        try:
            for seed in range(args.first, args.first + args.seeds):
                student, copy_id = classroom.guest(code, name=f"Student {seed}")
                browsers = [student, teacher] * args.clients
                clients = [
                    LiveClient(
                        server.url(copy_id),
                        cookie=browser.cookies.get("ardoise_session"),
                        origin=server.origin,
                        name=f"c{number}",
                    )
                    for number, browser in enumerate(browsers[: args.clients])
                ]
                try:
                    outcome = converge(
                        clients,
                        lambda copy_id=copy_id, student=student: student.get(
                            f"/api/copies/{copy_id}"
                        ).json(),
                        seed=seed,
                        steps=args.steps,
                    )
                    seconds.append(outcome.seconds)
                    if outcome.resyncs:
                        resynced.append(seed)
                        print(f"seed {seed}: converged only after {outcome.resyncs} resync(s)")
                except Exception as error:  # a failing seed is the result, not a crash
                    failures.append(seed)
                    line = traceback.format_exception_only(error)[-1].strip()
                    print(f"seed {seed}: FAILED {line}", flush=True)
                    room = app.state.live.rooms.get(copy_id)
                    if room is not None:
                        print(f"  server: {state_vector(room.doc.get_state())}, dirty {room.dirty}")
                    for client in clients:
                        print(f"  {client.name}: {state_vector(client.doc.get_state())}")
                        if room is not None:
                            # Whether the server could take this replica's document at all.
                            merged: Doc[Any] = Doc()
                            merged.apply_update(room.doc.get_update())
                            merged.apply_update(client.doc.get_update())
                            print(f"    server + {client.name}: {state_vector(merged.get_state())}")
                    for client in clients:
                        client.disconnect()
        finally:
            server.stop()
            app.state.sessions.kw["bind"].dispose()

    database = "PostgreSQL" if args.database_url else "SQLite"
    print(
        f"{args.seeds - len(failures)}/{args.seeds} seeds converged "
        f"({args.clients} replicas, {args.steps} steps each, {database})"
    )
    if seconds:
        print(f"median {statistics.median(seconds):.2f} s per session (steps, settling, save)")
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}"
    )
    if resynced:
        print("seeds that needed everyone to reconnect:", " ".join(map(str, resynced)))
    if failures:
        print("failing seeds:", " ".join(map(str, failures)))
    return 1 if failures or resynced else 0


if __name__ == "__main__":
    raise SystemExit(main())
