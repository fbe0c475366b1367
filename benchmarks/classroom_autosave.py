"""Autosave on the classroom server: latency and throughput of durable saves.

Starts a real `ardoise classroom` process pinned to one core (with its
database: the SQLite file, or a local PostgreSQL cluster with fsync on, pinned
to the same core), creates a teacher, an activity and N students who join with
a name, as people do, then plays students saving their copy as the notebook
app does (`PUT /api/copies/ID` with the whole notebook and its version; a save
is answered once it is on disk). The load generator runs on the other cores.

Two measures per database:

- **closed loop**: C clients save back to back; saves per second and latency.
  This is the most a process can take.
- **open loop**: N students each save every 10 s (random phase, as autosave
  after typing does), for several N; achieved saves per second and latency
  percentiles. The largest N whose p99 stays under 1 s is the number of
  students one process held here at one save per 10 s.

Each round also reads the CPU time the server process and the database's
processes used (/proc): CPU milliseconds per save do not stretch when other
work shares the machine, as latencies do, so they give what one dedicated
core holds, and how many cores the peak of 200,000 sessions a week needs
(assumptions: see PEAK_STUDENTS).

    python benchmarks/classroom_autosave.py [--database sqlite postgresql]
        [--students 250 500 1000 2000] [--seconds 30] [--clients 1 4 16]

Prints medians and percentiles with the machine; writes JSON to
benchmarks/results/. Timings are asserted nowhere: they depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from bench_browser import REPO, load, machine, stop

sys.path.insert(0, str(REPO / "tests" / "classroom"))
from postgres import ThrowawayPostgres, postgres_binaries

PASSWORD = "benchmark-password-1"
COURSE = REPO / "examples" / "content" / "en"


def typical_notebook() -> bytes:
    """A student's notebook of about 30 KB: the English demo course's four notebooks
    as one (text, code and outputs), as the issue's "typical 30 KB notebook"."""
    parts = [json.loads(path.read_text("utf-8")) for path in sorted(COURSE.glob("*.ipynb"))]
    cells = [cell for part in parts for cell in part["cells"]]
    for number, cell in enumerate(cells):
        cell["id"] = f"cell-{number}"  # ids stay unique once the notebooks are one
    return json.dumps({**parts[0], "cells": cells}, ensure_ascii=False, indent=1).encode()


NOTEBOOK_BYTES = typical_notebook()
NOTEBOOK_NAME = "demo-course-in-one.ipynb"
SAVE_EVERY_S = 10.0
P99_LIMIT_S = 1.0
SERVER_CORE = "0"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def pinned(argv: list[str]) -> list[str]:
    """`argv` run on one core (taskset), where the machine has it."""
    taskset = shutil.which("taskset")
    return [taskset, "-c", SERVER_CORE, *argv] if taskset else argv


@contextmanager
def classroom(data: Path, database_server: DatabaseServer | None) -> Iterator[tuple[str, int]]:
    """A real `ardoise classroom` process on one core, with its admin; its URL and pid."""
    options = ["--data", str(data)]
    if database_server is not None:
        options += ["--database-url", database_server.url]
    created = subprocess.run(
        [sys.executable, "-m", "ardoise", "classroom", *options, "create-admin", "admin"],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    if created.returncode != 0:
        raise SystemExit(f"create-admin failed: {created.stderr.strip()}")
    port = free_port()
    argv = [sys.executable, "-m", "ardoise", "classroom", *options, "--port", str(port)]
    server = subprocess.Popen(
        pinned(argv), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        assert server.stdout is not None
        for line in server.stdout:
            if match := re.search(r"Classroom at (http://\S+/)", line):
                break
        else:
            raise SystemExit("ardoise classroom did not start")
        # Its log is read on: a full pipe would stall the server, not its code.
        threading.Thread(target=server.stdout.read, daemon=True).start()
        yield match.group(1), server.pid
    finally:
        stop(server, timeout=30)


@dataclass
class DatabaseServer:
    url: str
    cluster: ThrowawayPostgres

    def pids(self) -> list[int]:
        """The postmaster and its children (the connections' backends among them)."""
        postmaster = int((self.cluster.data / "postmaster.pid").read_text().split()[0])
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == postmaster:
                    children.append(int(stat.parent.name))
            except (OSError, ValueError, IndexError):
                continue
        return [postmaster, *children]


@contextmanager
def durable_postgres() -> Iterator[DatabaseServer]:
    """A local PostgreSQL cluster with fsync on (as in production), on the server's core."""
    binaries = postgres_binaries()
    if binaries is None:
        raise SystemExit("PostgreSQL is not installed: apt-get install postgresql")
    cluster = ThrowawayPostgres(binaries, durable=True, cpus=SERVER_CORE)
    cluster.start()
    try:
        yield DatabaseServer(cluster.new_database(), cluster)
    finally:
        cluster.stop()


def csrf_post(client: httpx.Client, path: str, data: dict[str, str], **options: Any) -> Any:
    if "ardoise_csrf" not in client.cookies:
        client.get("/signin")
    data = {"csrf_token": client.cookies["ardoise_csrf"], **data}
    return client.post(path, data=data, **options)


def students(base: str, count: int) -> tuple[list[tuple[str, int]], dict[str, Any]]:
    """A teacher, an activity, `count` students who joined it: their cookies and copy ids."""
    with httpx.Client(base_url=base, timeout=60) as admin:
        csrf_post(admin, "/signin", {"username": "admin", "password": PASSWORD})
        account = {"role": "teacher", "username": "teacher", "display_name": "T. Eacher"}
        made = csrf_post(admin, "/admin/accounts", {**account, "password": PASSWORD})
        assert made.status_code in (201, 422), made.text  # 422: made in an earlier round
    with httpx.Client(base_url=base, timeout=60) as teacher:
        csrf_post(teacher, "/signin", {"username": "teacher", "password": PASSWORD})
        fields = {"title": "Loops", "instructions": "", "due": "", "late_accepted": "1"}
        fields["guests_allowed"] = "1"
        fields["keep_working"] = "1"  # ticked in the form by default
        files = {"notebook": (NOTEBOOK_NAME, NOTEBOOK_BYTES, "application/json")}
        made = csrf_post(teacher, "/teacher/activities", fields, files=files)
        assert made.status_code == 303, made.text
        page = teacher.get(made.headers["location"]).text
        code = re.search(r"/join/([A-Z0-9]+)", page)
        assert code, "no share code on the activity page"
    joined = asyncio.run(join_all(base, code.group(1), count))
    return joined, json.loads(NOTEBOOK_BYTES)


async def join_all(base: str, code: str, count: int) -> list[tuple[str, int]]:
    """`count` students join with a name, a few at a time: their cookies and copy ids."""
    gate = asyncio.Semaphore(16)

    async def join(number: int) -> tuple[str, int]:
        async with gate, httpx.AsyncClient(base_url=base, timeout=120) as student:
            await student.get("/signin")
            form = {"csrf_token": student.cookies["ardoise_csrf"], "name": f"Student {number}"}
            made = await student.post(f"/join/{code}", data=form)
            assert made.status_code == 303, made.text
            copy_id = int(made.headers["location"].rsplit("/", 1)[1])
            return f"ardoise_session={student.cookies['ardoise_session']}", copy_id

    return list(await asyncio.gather(*(join(number) for number in range(count))))


@dataclass
class Student:
    cookie: str
    copy_id: int
    version: int = 1
    edits: int = 0


@dataclass
class Round:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> dict[str, Any]:
        ordered = sorted(self.latencies)

        def percentile(p: float) -> float:
            return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000 if ordered else 0

        return {
            "saves": len(ordered),
            "saves_per_s": round(len(ordered) / self.seconds, 1) if self.seconds else 0,
            "p50_ms": round(percentile(0.50), 1),
            "p99_ms": round(percentile(0.99), 1),
            "max_ms": round(ordered[-1] * 1000, 1) if ordered else 0,
            "errors": len(self.errors),
            "first_error": self.errors[0] if self.errors else None,
        }


async def save(client: httpx.AsyncClient, student: Student, notebook: dict[str, Any]) -> float:
    """One autosave of an edited notebook; its latency in seconds."""
    student.edits += 1
    cells = json.loads(json.dumps(notebook["cells"]))
    cells[-1]["source"] = f"# edit {student.edits}\n" + "".join(cells[-1]["source"])
    body = {"version": student.version, "notebook": {**notebook, "cells": cells}}
    body["cells_run"] = student.edits
    started = time.perf_counter()
    response = await client.put(
        f"/api/copies/{student.copy_id}", json=body, headers={"cookie": student.cookie}
    )
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"{response.status_code}: {response.text[:200]}")
    student.version = response.json()["version"]
    return elapsed


def a_client(base: str, connections: int) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    # No cookie jar: each request carries its own student's cookie.
    return httpx.AsyncClient(base_url=base, timeout=120, limits=limits, cookies=None)


async def closed_loop(
    base: str, pool: list[Student], notebook: dict[str, Any], clients: int, args: Any
) -> Round:
    result = Round()
    deadline = time.perf_counter() + args.seconds
    async with a_client(base, clients) as client:

        async def worker(mine: list[Student]) -> None:
            turn = 0
            while time.perf_counter() < deadline:
                student = mine[turn % len(mine)]
                turn += 1
                try:
                    result.latencies.append(await save(client, student, notebook))
                except (RuntimeError, httpx.HTTPError) as error:
                    result.errors.append(str(error) or type(error).__name__)
                client.cookies.clear()

        started = time.perf_counter()
        await asyncio.gather(*(worker(pool[i::clients]) for i in range(clients)))
        result.seconds = time.perf_counter() - started
    return result


async def open_loop(
    base: str, pool: list[Student], notebook: dict[str, Any], args: Any, seed: int
) -> Round:
    """Every student saves every SAVE_EVERY_S seconds, from a random phase."""
    result = Round()
    rng = random.Random(seed)
    started = time.perf_counter()
    deadline = started + args.seconds
    async with a_client(base, 256) as client:

        async def student_loop(student: Student) -> None:
            next_at = started + rng.uniform(0, SAVE_EVERY_S)
            while next_at < deadline:
                await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
                try:
                    result.latencies.append(await save(client, student, notebook))
                except (RuntimeError, httpx.HTTPError) as error:
                    result.errors.append(str(error) or type(error).__name__)
                client.cookies.clear()
                next_at += SAVE_EVERY_S

        await asyncio.gather(*(student_loop(student) for student in pool))
        result.seconds = time.perf_counter() - started
    return result


def measure(database: str, args: argparse.Namespace) -> dict[str, Any]:
    with (
        tempfile.TemporaryDirectory(prefix="ardoise-autosave-") as folder,
        durable_postgres() if database == "postgresql" else _nothing() as database_server,
        classroom(Path(folder) / "data", database_server) as (base, server_pid),
    ):
        largest = max(args.students)
        print(f"[{database}] {largest} students join…", file=sys.stderr, flush=True)
        joined, notebook = students(base, largest)
        pool = [Student(cookie, copy_id) for cookie, copy_id in joined]
        processes = Processes(server_pid, database_server)
        closed: dict[str, Any] = {}
        for clients in args.clients:
            runs = []
            for _ in range(args.runs):
                runs.append(processes.during(closed_loop(base, pool, notebook, clients, args)))
            closed[str(clients)] = median_of(runs)
            say(database, f"closed loop, {clients} clients", closed[str(clients)])
        opened: dict[str, Any] = {}
        for count in args.students:
            runs = []
            for seed in range(args.runs):
                runs.append(processes.during(open_loop(base, pool[:count], notebook, args, seed)))
            opened[str(count)] = median_of(runs)
            say(database, f"open loop, {count} students", opened[str(count)])
    return {"closed_loop": closed, "open_loop": opened}


def say(database: str, what: str, numbers: dict[str, Any]) -> None:
    shown = {key: value for key, value in numbers.items() if key != "runs"}
    print(f"[{database}] {what}: {shown}", file=sys.stderr, flush=True)


class Processes:
    """CPU time used by the server process and the database's processes.

    On a machine shared with other work, latencies stretch but the CPU a save
    costs does not: saves per second per core = 1 / CPU seconds per save.
    """

    def __init__(self, server_pid: int, database_server: DatabaseServer | None) -> None:
        self.server_pid = server_pid
        self.database_server = database_server

    def cpu_seconds(self) -> tuple[float, float]:
        database = 0.0
        if self.database_server is not None:
            postmaster, *children = self.database_server.pids()
            # The backends that ended are counted in the postmaster's children's time.
            database = cpu_of(postmaster, reaped=True) + sum(cpu_of(pid) for pid in children)
        return cpu_of(self.server_pid), database

    def during(self, work: Coroutine[Any, Any, Round]) -> dict[str, Any]:
        server_before, database_before = self.cpu_seconds()
        result = asyncio.run(work)
        server_after, database_after = self.cpu_seconds()
        summary = result.summary()
        saves = max(summary["saves"], 1)
        summary["server_cpu_ms_per_save"] = round((server_after - server_before) * 1000 / saves, 2)
        summary["database_cpu_ms_per_save"] = round(
            (database_after - database_before) * 1000 / saves, 2
        )
        return summary


def cpu_of(pid: int, *, reaped: bool = False) -> float:
    """User and system CPU seconds of a process (0 once it has gone); with `reaped`,
    also those of its children that have ended."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])
    if reaped:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / os.sysconf("SC_CLK_TCK")


@contextmanager
def _nothing() -> Iterator[None]:
    yield None


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The median of each number over the runs, and the runs themselves."""
    keys = ["saves_per_s", "p50_ms", "p99_ms", "max_ms", "errors"]
    keys += ["server_cpu_ms_per_save", "database_cpu_ms_per_save"]
    summary: dict[str, Any] = {key: statistics.median(run[key] for run in runs) for key in keys}
    summary["runs"] = runs
    return summary


def held(opened: dict[str, Any]) -> int:
    """The most students whose saves kept p99 under the limit, with no errors."""
    fine = [
        int(count)
        for count, result in opened.items()
        if result["p99_ms"] < P99_LIMIT_S * 1000 and result["errors"] == 0
    ]
    return max(fine, default=0)


# Capytale's scale, as the issue gives it: 200,000 sessions a week. Assumed: a
# session lasts an hour (a lesson), lessons fall in 32 school hours a week, and
# the busiest hour has three times the average.
SESSIONS_PER_WEEK = 200_000
SESSION_HOURS = 1.0
SCHOOL_HOURS_PER_WEEK = 32
PEAK_FACTOR = 3
PEAK_STUDENTS = round(SESSIONS_PER_WEEK * SESSION_HOURS / SCHOOL_HOURS_PER_WEEK * PEAK_FACTOR)


def capacity(result: dict[str, Any]) -> dict[str, Any]:
    """What one core holds, from the CPU a save costs in the closed loop with most clients."""
    busiest = result["closed_loop"][max(result["closed_loop"], key=int)]
    cpu_ms = busiest["server_cpu_ms_per_save"] + busiest["database_cpu_ms_per_save"]
    per_core = 1000 / cpu_ms if cpu_ms else 0.0
    students = per_core * SAVE_EVERY_S
    return {
        "cpu_ms_per_save": round(cpu_ms, 2),
        "saves_per_s_per_core": round(per_core),
        "students_per_core": round(students),
        "cores_at_peak": round(PEAK_STUDENTS / students, 1) if students else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--students", nargs="+", type=int, default=[250, 500, 1000, 2000])
    parser.add_argument("--clients", nargs="+", type=int, default=[1, 4, 16])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = {
        "machine": machine(),
        "load_before": load(),
        "server": f"one process on core {SERVER_CORE} (taskset), database on the same core",
        "notebook": f"{NOTEBOOK_NAME}, {len(NOTEBOOK_BYTES):,} bytes",
        "databases": {},
    }
    for database in args.database:
        results["databases"][database] = measure(database, args)
    results["load_after"] = load()
    print(f"\n{results['machine']}; {results['load_before']} before, {results['load_after']} after")
    print(
        f"server: {results['server']}; each save sends {results['notebook']}, "
        f"median of {args.runs} runs of {args.seconds:g} s\n"
    )
    print("| database | load | saves/s | p50 | p99 | errors | CPU per save (server + database) |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for database, result in results["databases"].items():
        rows = [(f"{c} clients back to back", n) for c, n in result["closed_loop"].items()]
        rows += [
            (f"{c} students, a save each {SAVE_EVERY_S:g} s", n)
            for c, n in result["open_loop"].items()
        ]
        for what, numbers in rows:
            cpu = f"{numbers['server_cpu_ms_per_save']} + {numbers['database_cpu_ms_per_save']} ms"
            print(
                f"| {database} | {what} | {numbers['saves_per_s']} | {numbers['p50_ms']} ms "
                f"| {numbers['p99_ms']} ms | {numbers['errors']} | {cpu} |"
            )
        result["students_held"] = held(result["open_loop"])
        result["capacity"] = capacity(result)
    print()
    for database, result in results["databases"].items():
        c = result["capacity"]
        print(
            f"{database}: students held here with p99 < {P99_LIMIT_S:g} s: "
            f"{result['students_held']}; "
            f"CPU per save {c['cpu_ms_per_save']} ms → {c['saves_per_s_per_core']} saves/s "
            f"= {c['students_per_core']} students per core at a save each {SAVE_EVERY_S:g} s; "
            f"{PEAK_STUDENTS:,} students at the peak of {SESSIONS_PER_WEEK:,} sessions a week "
            f"need {c['cores_at_peak']} such cores"
        )
    out = (
        REPO
        / "benchmarks"
        / "results"
        / f"classroom_autosave-{time.strftime('%Y%m%d-%H%M%S')}.json"
    )
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwritten to {out.relative_to(REPO)}")


if __name__ == "__main__":
    os.chdir(REPO)
    main()
