"""Live copies: how many rooms and people one classroom process holds.

Starts a real `ardoise classroom` process pinned to one core (SQLite), a
teacher, an activity made of a real teaching notebook, and students who join
it. Then, in steps, opens more rooms: in each, the student's replica (pycrdt,
its document synced from the room) types, and the teacher's connection
watches. A keystroke is what a browser sends: a document update (a marker
`@N;` inserted at the end of the first cell) and a cursor move (awareness).
For each step:

- **memory**: the server's resident memory (RSS, /proc) with that many rooms
  loaded, and its growth per room over the empty server's; at the end, every
  room of the largest step is opened, nobody typing, for memory alone;
- **propagation**: from the student's send to the teacher's receipt of the
  update relayed by the room, p50/p99/max, while every room types at
  `--edits-per-second` (random phases);
- **CPU per edit**: the server's CPU time over the typing divided by the edits
  (relaying, awareness, storing the updates, saving the .ipynb every 10 s of
  typing as the room does), which does not stretch when the machine is shared.

The ramp stops at the first step whose p99 passes `--limit-ms`. The clients
run in this process on the other core: the event loop's own lag (how late a
10 ms sleep wakes) is printed with each step, to tell the server's delay from
the clients'.

    python benchmarks/live_capacity.py [--rooms 5 10 25 50 100 200 400]
        [--seconds 15] [--runs 3] [--edits-per-second 2] [--limit-ms 100]
        [--notebook /work/shared/fixtures/notebooks/teaching/fr-boucles.ipynb]

Each step's numbers are the median of `--runs` runs. Prints each step and a table
with the machine; writes JSON to benchmarks/results/.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from bench_browser import REPO, load, machine
from classroom_autosave import PASSWORD, classroom, cpu_of, csrf_post, join_all

sys.path.insert(0, str(REPO / "src"))
from jupyter_ydoc import YNotebook
from pycrdt import (
    Awareness,
    Doc,
    YMessageType,
    YSyncMessageType,
    create_awareness_message,
    create_sync_message,
    create_update_message,
    handle_sync_message,
)
from websockets.asyncio.client import ClientConnection, connect

FIXTURES = Path("/work/shared/fixtures/notebooks/teaching")
MARKER = re.compile(rb"@(\d+);")
READERS: set[asyncio.Future[None]] = set()  # kept: a task nobody holds may be collected


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


@dataclass
class Room:
    """One copy's room, seen from its two connections."""

    copy_id: int
    student: str  # cookie
    writer: ClientConnection | None = None
    watcher: ClientConnection | None = None
    doc: Doc[Any] = field(default_factory=Doc)
    sent: dict[int, float] = field(default_factory=dict)
    seq: int = 0
    outbox: list[bytes] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)  # seconds, send to receipt


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)
    lags: list[float] = field(default_factory=list)
    edits: int = 0
    closed: list[str] = field(default_factory=list)


def url(base: str, copy_id: int) -> str:
    return base.replace("http://", "ws://") + f"api/copies/{copy_id}/live"


async def open_room(base: str, room: Room, teacher: str, results: Results) -> None:
    """The student's replica synced from the room, and the teacher watching."""
    origin = base.rstrip("/")
    room.writer = await connect(
        url(base, room.copy_id),
        additional_headers={"Cookie": room.student, "Origin": origin},
        max_size=None,
    )
    room.doc.observe(lambda event: room.outbox.append(create_update_message(event.update)))
    await room.writer.send(create_sync_message(room.doc))
    while True:  # until the room's document (sync step 2) arrived
        message = await room.writer.recv()
        assert isinstance(message, bytes)
        if message[0] == YMessageType.SYNC:
            reply = handle_sync_message(message[1:], room.doc)
            if reply is not None:
                await room.writer.send(reply)
            if message[1] == YSyncMessageType.SYNC_STEP2:
                break
    room.outbox.clear()
    room.watcher = await connect(
        url(base, room.copy_id),
        additional_headers={"Cookie": teacher, "Origin": origin},
        max_size=None,
    )
    READERS.add(asyncio.ensure_future(drain(room, room.writer, None, results)))
    READERS.add(asyncio.ensure_future(drain(room, room.watcher, room, results)))


async def drain(room: Room, ws: ClientConnection, timed: Room | None, results: Results) -> None:
    """Read everything; on the watcher, time each marker's arrival."""
    try:
        async for message in ws:
            if timed is None or not isinstance(message, bytes):
                continue
            if message[0] == YMessageType.SYNC and message[1] == YSyncMessageType.SYNC_UPDATE:
                now = time.perf_counter()
                for found in MARKER.finditer(message):
                    sent = timed.sent.pop(int(found.group(1)), None)
                    if sent is not None:
                        timed.latencies.append(now - sent)
    except Exception as error:  # a closed connection is a result, not a crash
        results.closed.append(f"copy {room.copy_id}: {error}")


async def keystroke(room: Room, awareness: Awareness, results: Results) -> None:
    assert room.writer is not None
    room.seq += 1
    text = YNotebook(room.doc).ycells[0]["source"]
    text.insert(len(text), f"@{room.seq};")
    awareness.set_local_state({"user": {"name": "Student"}, "cursor": len(text)})
    cursor = awareness.encode_awareness_update([awareness.client_id])
    room.sent[room.seq] = time.perf_counter()
    results.edits += 1
    for message in room.outbox:
        await room.writer.send(message)
    room.outbox.clear()
    await room.writer.send(create_awareness_message(cursor))


async def typing(rooms: list[Room], seconds: float, rate: float, seed: int) -> Results:
    results = Results()
    rng = random.Random(seed)
    started = time.perf_counter()
    deadline = started + seconds

    async def type_in(room: Room) -> None:
        awareness = Awareness(room.doc)
        next_at = started + rng.uniform(0, 1 / rate)
        while next_at < deadline:
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
            try:
                await keystroke(room, awareness, results)
            except Exception as error:
                results.closed.append(f"copy {room.copy_id}: {error}")
                return
            next_at += 1 / rate

    async def lag() -> None:
        while time.perf_counter() < deadline:
            before = time.perf_counter()
            await asyncio.sleep(0.01)
            results.lags.append(time.perf_counter() - before - 0.01)

    for room in rooms:
        room.latencies.clear()
    await asyncio.gather(lag(), *(type_in(room) for room in rooms))
    await asyncio.sleep(1.0)  # the last relays arrive
    for room in rooms:
        results.latencies.extend(room.latencies)
    return results


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000 if ordered else 0.0


def teacher_and_activity(base: str, name: str, notebook: bytes) -> tuple[str, str]:
    """The teacher "teacher" (made by the admin) and an activity of `notebook`: the
    teacher's session cookie, and the activity's share code."""
    with httpx.Client(base_url=base, timeout=60) as admin:
        csrf_post(admin, "/signin", {"username": "admin", "password": PASSWORD})
        account = {"role": "teacher", "username": "teacher", "display_name": "Tina"}
        csrf_post(admin, "/admin/accounts", {**account, "password": PASSWORD})
    with httpx.Client(base_url=base, timeout=60) as teacher:
        csrf_post(teacher, "/signin", {"username": "teacher", "password": PASSWORD})
        fields = {"title": "Live", "instructions": "", "due": "", "late_accepted": "1"}
        fields.update(guests_allowed="1", keep_working="1")
        files = {"notebook": (name, notebook, "application/json")}
        made = csrf_post(teacher, "/teacher/activities", fields, files=files)
        assert made.status_code == 303, made.text
        page = teacher.get(made.headers["location"]).text
        code = re.search(r"/join/([A-Z0-9]+)", page)
        assert code, "no share code on the activity page"
        return f"ardoise_session={teacher.cookies['ardoise_session']}", code.group(1)


async def ramp(base: str, pid: int, args: argparse.Namespace, notebook: bytes) -> dict[str, Any]:
    teacher, code = teacher_and_activity(base, args.notebook.name, notebook)
    print(f"{max(args.rooms)} students join…", file=sys.stderr, flush=True)
    joined = await join_all(base, code, max(args.rooms))
    rooms = [Room(copy_id, cookie) for cookie, copy_id in joined]
    steps: list[dict[str, Any]] = []
    results_all = Results()
    base_rss = rss_bytes(pid)
    opened = 0
    gate = asyncio.Semaphore(16)

    async def open_one(room: Room) -> None:
        async with gate:
            await open_room(base, room, teacher, results_all)

    for count in args.rooms:
        await asyncio.gather(*(open_one(room) for room in rooms[opened:count]))
        opened = count
        await asyncio.sleep(2.0)  # the first saves are done
        rss = rss_bytes(pid)
        runs = []
        for run in range(args.runs):
            cpu_before = cpu_of(pid)
            result = await typing(rooms[:count], args.seconds, args.edits_per_second, run)
            cpu = cpu_of(pid) - cpu_before
            runs.append(
                {
                    "edits": result.edits,
                    "received": len(result.latencies),
                    "p50_ms": round(percentile(result.latencies, 0.50), 1),
                    "p99_ms": round(percentile(result.latencies, 0.99), 1),
                    "max_ms": round(percentile(result.latencies, 1.0), 1),
                    "server_cpu_ms_per_edit": round(cpu * 1000 / max(result.edits, 1), 3),
                    "server_cpu_share": round(cpu / (args.seconds + 1.0), 2),
                    "client_lag_p99_ms": round(percentile(result.lags, 0.99), 1),
                    "closed": len(result.closed),
                }
            )
        step: dict[str, Any] = {
            "rooms": count,
            "connections": 2 * count,
            "rss_mb": round(rss / 2**20, 1),
            "rss_per_room_kb": round((rss - base_rss) / count / 1024),
        }
        for key in runs[0]:
            step[key] = statistics.median(run[key] for run in runs)
        step["edits_per_s"] = round(step["edits"] / args.seconds, 1)
        step["closed"] += len(results_all.closed)
        step["load"] = load()
        step["runs"] = runs
        steps.append(step)
        shown = {key: value for key, value in step.items() if key != "runs"}
        print(json.dumps(shown), file=sys.stderr, flush=True)
        lost = step["edits"] - step["received"]
        if step["p99_ms"] > args.limit_ms or step["closed"] or lost > step["edits"] * 0.01:
            break
    # Memory alone: every room open (two connections each), nobody typing.
    await asyncio.gather(*(open_one(room) for room in rooms[opened:]))
    await asyncio.sleep(3.0)
    rss = rss_bytes(pid)
    cpu_before = cpu_of(pid)
    await asyncio.sleep(10.0)
    memory = {
        "rooms": len(rooms),
        "connections": 2 * len(rooms),
        "rss_mb": round(rss / 2**20, 1),
        "rss_per_room_kb": round((rss - base_rss) / len(rooms) / 1024),
        "idle_cpu_share": round((cpu_of(pid) - cpu_before) / 10.0, 3),
        "closed": len(results_all.closed),
    }
    print(json.dumps(memory), file=sys.stderr, flush=True)
    return {"base_rss_mb": round(base_rss / 2**20, 1), "steps": steps, "memory": memory}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rooms", nargs="+", type=int, default=[5, 10, 25, 50, 100, 200, 400])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--edits-per-second", type=float, default=2.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--limit-ms", type=float, default=100.0)
    parser.add_argument("--notebook", type=Path, default=FIXTURES / "fr-boucles.ipynb")
    args = parser.parse_args()
    notebook = args.notebook.read_bytes()
    results: dict[str, Any] = {
        "machine": machine(),
        "load_before": load(),
        "notebook": f"{args.notebook.name}, {len(notebook):,} bytes",
        "edits_per_second_per_room": args.edits_per_second,
        "seconds": args.seconds,
    }
    with (
        tempfile.TemporaryDirectory(prefix="ardoise-live-") as folder,
        classroom(Path(folder) / "data", None) as (base, pid),
    ):
        results.update(asyncio.run(ramp(base, pid, args, notebook)))
    results["load_after"] = load()
    print(f"\n{results['machine']}; {results['load_before']} before, {results['load_after']} after")
    print(
        f"one server process on one core (SQLite); {results['notebook']}; each room: the "
        f"student types {args.edits_per_second:g} keys/s, the teacher watches; "
        f"median of {args.runs} runs of {args.seconds:g} s per step; "
        f"empty server {results['base_rss_mb']} MB RSS\n"
    )
    print(
        "| rooms | connections | RSS | RSS per room | edits/s | p50 | p99 | max "
        "| server CPU per edit | server CPU | client lag p99 |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for step in results["steps"]:
        print(
            f"| {step['rooms']} | {step['connections']} | {step['rss_mb']} MB "
            f"| {step['rss_per_room_kb']} KB | {step['edits_per_s']} | {step['p50_ms']} ms "
            f"| {step['p99_ms']} ms | {step['max_ms']} ms | {step['server_cpu_ms_per_edit']} ms "
            f"| {step['server_cpu_share']:.0%} | {step['client_lag_p99_ms']} ms |"
        )
    memory = results["memory"]
    print(
        f"\nall {memory['rooms']} rooms open ({memory['connections']} connections), nobody "
        f"typing: {memory['rss_mb']} MB RSS, {memory['rss_per_room_kb']} KB per room, "
        f"idle CPU {memory['idle_cpu_share']:.1%} of a core"
    )
    held = [s["rooms"] for s in results["steps"] if s["p99_ms"] <= args.limit_ms]
    print(f"\nheld with p99 under {args.limit_ms:g} ms: {max(held, default=0)} rooms")
    out = REPO / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"live_capacity-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(results, indent=1))
    print(f"results: {path}")


if __name__ == "__main__":
    main()
