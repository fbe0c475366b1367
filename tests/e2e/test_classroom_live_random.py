"""Random editing of one live copy by two real browsers and a pycrdt client, at once.

A seeded script interleaves the three: the student and the teacher type and delete at
random places in random cells, add cells, move them and run them (keyboard, as a user);
the pycrdt client edits text, adds and moves cells and changes outputs, sending and
applying its messages at seeded random moments and dropping its connection now and then.
The browsers' room connections pass through the test (Playwright's WebSocket routes),
which holds each message a seeded random while, so that messages arrive late and out of
order, and cuts the teacher's connection once. The student's browser goes offline for
part of the script. At the end every replica shows the same cells and outputs, the copy
the server saved is that notebook, and no cell added (offline or not) is lost.
(tests/classroom/live_sim.py does the same with pycrdt replicas only, over many more
steps.)

The choices are the seed's; where they land follows the document at that moment, which
depends on when messages arrive.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, WebSocketRoute, expect
from pycrdt import Map, Text, create_sync_message
from websockets.sync.client import connect

from classroom.live_client import LiveClient

from .conftest import PYTHON_READY_MS
from .test_classroom_copy import RunningClassroom, classroom_with_teacher, join_and_open
from .test_classroom_live import LIVE_ROUTE, create_activity, join_url, sign_in_teacher
from .test_live import source
from .test_notebook import code_cells, output_of, wait_until_ready

if TYPE_CHECKING:
    from conftest import ArdoiseCLI

STEPS = 30  # of each of the three
WAIT_S = 60.0
# Typed by the browsers: no brackets or quotes (the editor closes them by itself, fine
# but noisy), no colon at a line's end (the next line would be indented).
TYPED = ["x", " = ", "1", " + 2", "# ", "ab", "\n"]
WORDS = ["y", " = 3", "\n", "# py", "é", "🙂"]


@pytest.fixture(scope="module")
def a_classroom(
    ardoise_cli: ArdoiseCLI, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[RunningClassroom, httpx.Client]]:
    data = tmp_path_factory.mktemp("classroom")
    with classroom_with_teacher(ardoise_cli, data) as (url, teacher):
        yield RunningClassroom(url, create_activity(teacher, title="At random"), "", data), teacher


# --- the browsers, as users -------------------------------------------------------------


def caret_in(page: Page, rng: random.Random) -> None:
    """The caret at a random place of a random cell (Ctrl+Home, then arrows)."""
    cells = code_cells(page)
    cell = cells.nth(rng.randrange(1000) % cells.count())
    # A cell's editor is made once it comes near the screen.
    cell.scroll_into_view_if_needed()
    cell.get_by_role("textbox").click()
    page.keyboard.press("Control+Home")
    length = len(page.evaluate("document.activeElement.textContent") or "")
    for _ in range(int(rng.random() * (length + 1))):
        page.keyboard.press("ArrowRight")


def browser_step(page: Page, rng: random.Random, serial: str) -> str:
    """One thing a person does; what it was."""
    kind = rng.choice(["type", "type", "type", "delete", "delete", "cell", "move", "run"])
    if kind in ("type", "delete"):
        caret_in(page, rng)
        if kind == "type":
            page.keyboard.type(rng.choice(TYPED))
        else:
            for _ in range(rng.randint(1, 3)):
                page.keyboard.press("Backspace")
    elif kind == "cell":
        caret_in(page, rng)
        page.keyboard.press("Escape")
        page.keyboard.press("b")
        page.keyboard.press("Enter")
        page.keyboard.type(f"# {serial}")
    elif kind == "move":
        caret_in(page, rng)
        page.keyboard.press("Escape")
        page.keyboard.press(f"Control+Shift+{rng.choice(['ArrowUp', 'ArrowDown'])}")
    else:
        caret_in(page, rng)
        page.keyboard.press("Control+End")
        page.keyboard.type(f"\nprint({rng.randint(10, 99)})")
        page.keyboard.press("Control+Enter")
    return kind


def shown(page: Page) -> list[str]:
    """Every cell's code, each scrolled to (its editor is made near the screen)."""
    cells = code_cells(page)
    texts = []
    for index in range(cells.count()):
        cells.nth(index).scroll_into_view_if_needed()
        texts.append(source(cells.nth(index)))
    return texts


def outputs_shown(page: Page) -> list[str]:
    cells = code_cells(page)
    texts = []
    for index in range(cells.count()):
        output = output_of(cells.nth(index))
        texts.append(output.inner_text().strip() if output.count() else "")
    return texts


# --- the browsers' network ------------------------------------------------------------------

# A message is held up to this long: those sent within it may arrive in any order.
HOLD_S = 0.3
# The room's messages to a page arrive in any order but for the room's own types. The
# page's Yjs applies an update whatever came before it: one whose dependencies have not
# arrived waits in the document until they do, and one applied twice changes nothing.
# Sync step 1 (a state vector) only asks for a step 2, which is applied as an update, so
# the handshake needs no order either: the page counts itself synced once the room's
# step 2 has come, which holds everything the room had when it answered. Awareness
# states carry a clock, and an older one arriving late is ignored. So y-websocket's
# types 0 (sync: step 1, step 2, updates) and 1 (awareness) are reordered; the room's
# SAVED and PROJECTED are not Yjs state (the page takes the version of the last SAVED
# as its own), and keep their order among themselves, as one connection delivers them.
# A page's messages to the room are held too, but kept in order: the room's pycrdt
# (0.14) does not integrate every order of one document's updates (with all of them
# applied, some are still missing; docs/decisions.md, "Convergence is tested"), and
# one websocket, in order, never gives it another.
REORDERED = (0, 1)


class Network:
    """Each room connection of the pages given, relayed both ways by the test; each
    message held a seeded random time up to HOLD_S (on Playwright's event loop, which
    runs while the test waits on the browser), so that the room's messages to a page
    overtake each other."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"{seed}-network")
        self.routes: dict[Page, list[tuple[WebSocketRoute, WebSocketRoute]]] = {}
        self.overtaken = 0  # messages delivered before one that was sent earlier

    def relay(self, page: Page) -> None:
        self.routes[page] = []
        page.route_web_socket(LIVE_ROUTE, lambda route: self._connect(page, route))

    def _connect(self, page: Page, to_page: WebSocketRoute) -> None:
        to_server = to_page.connect_to_server()
        self.routes[page].append((to_page, to_server))
        to_page.on_message(self._direction(to_server.send, reordered=()))
        to_server.on_message(self._direction(to_page.send, reordered=REORDERED))

    def _direction(
        self, send: Callable[[str | bytes], None], reordered: tuple[int, ...]
    ) -> Callable[[str | bytes], None]:
        """What takes one direction's messages: each is sent once its time has come,
        those of the `reordered` types in any order, the others in order."""
        loop = asyncio.get_running_loop()
        sent = 0  # of this direction, in order
        delivered = 0  # the highest of those delivered so far
        ordered_until = 0.0  # when the last ordered message goes

        def hold(message: str | bytes) -> None:
            nonlocal sent, ordered_until
            sent += 1
            at = loop.time() + self.rng.uniform(0, HOLD_S)
            if isinstance(message, str) or message[0] not in reordered:
                at = ordered_until = max(at, ordered_until + 0.001)
            loop.call_at(at, deliver, sent, message)

        def deliver(serial: int, message: str | bytes) -> None:
            nonlocal delivered
            self.overtaken += serial < delivered
            delivered = max(delivered, serial)
            send(message)  # on a closed connection, dropped (as the network would)

        return hold

    def cut(self, page: Page) -> None:
        """Close the page's room connections, as a network that drops them: messages held
        are lost (the reconnection's sync brings what they held)."""
        for to_page, to_server in self.routes[page]:
            to_server.close(code=1001, reason="")
            to_page.close(code=1001, reason="")
        self.routes[page] = []


# --- the pycrdt client --------------------------------------------------------------------


class PatientClient(LiveClient):
    """A LiveClient whose connection keeps reading while the test drives the browsers:
    a bounded queue would stop it reading, and so answering pings, and drop it."""

    def connect(self) -> PatientClient:
        self._connection = ExitStack()
        self.ws = self._connection.enter_context(
            connect(self.url, additional_headers=self.headers, open_timeout=10, max_queue=None)
        )
        self.synced = False
        self.ws.send(create_sync_message(self.doc))
        return self


def content(client: LiveClient) -> dict[str, Any]:
    """The replica as the server saves it. Two people moving one cell at once make two
    cells of one id: nbformat says so as it makes one unique, and so does the server's
    save, whose new id then reaches everyone."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Non-unique cell ID", UserWarning)
        return client.content()


def sources_of(client: LiveClient) -> list[str]:
    return [str(cell["source"]) for cell in client.notebook.ycells]


def pycrdt_edit(client: LiveClient, rng: random.Random, serial: str) -> str:
    """Text inserted or deleted, a code cell added or moved, an output appended or cleared."""
    notebook = client.notebook
    cells = notebook.ycells
    kind = rng.choice(["insert", "insert", "delete", "cell", "move", "output"])
    index = rng.randrange(1000) % len(cells)
    text = cells[index]["source"]
    assert isinstance(text, Text)
    shown_text = str(text)
    # pycrdt counts UTF-8 bytes: positions are taken between characters.
    at = len(shown_text[: int(rng.random() * (len(shown_text) + 1))].encode())
    if kind == "insert":
        text.insert(at, rng.choice(WORDS))
    elif kind == "delete" and shown_text:
        start = int(rng.random() * len(shown_text))
        end = min(len(shown_text), start + rng.randint(1, 3))
        del text[len(shown_text[:start].encode()) : len(shown_text[:end].encode())]
    elif kind == "cell":
        cell = {"cell_type": "code", "id": serial, "metadata": {}, "source": f"# {serial}"}
        cell.update(outputs=[], execution_count=None)
        cells.insert(rng.randint(0, len(cells)), notebook.create_ycell(cell))
    elif kind == "move" and len(cells) > 1:
        # As @jupyter/ydoc moves a cell: a copy inserted, the original deleted.
        moved = notebook.get_cell(index)
        with client.doc.transaction():
            del cells[index]
            cells.insert(rng.randint(0, len(cells)), notebook.create_ycell(moved))
    elif kind == "output":
        outputs = cells[index]["outputs"]
        if rng.random() < 0.3:
            outputs.clear()
        else:
            stream = {"output_type": "stream", "name": "stdout", "text": Text(f"{serial}\n")}
            outputs.append(Map(stream))
    return kind


def pycrdt_step(client: LiveClient, rng: random.Random, serial: str) -> str:
    """An edit, some messages sent or applied (in order, at a random moment), a drop or a
    reconnection; the edit's kind, or what else it was."""
    roll = rng.random()
    if not client.connected:
        if roll < 0.4:
            client.connect()
            return "connect"
        return pycrdt_edit(client, rng, serial)
    if roll < 0.45:
        return pycrdt_edit(client, rng, serial)
    if roll < 0.65:
        for _ in range(min(len(client.outgoing), rng.randint(1, 3))):
            client.send_one()
        return "send"
    if roll < 0.95:
        client.receive()
        for _ in range(min(len(client.incoming), rng.randint(1, 4))):
            client.apply_one()
        return "apply"
    client.disconnect()
    return "disconnect"


# --- the end: everyone agrees ---------------------------------------------------------------


def stream_texts(cell: dict[str, Any]) -> list[str]:
    return [
        "".join(output["text"]).strip()
        for output in cell.get("outputs", [])
        if output["output_type"] == "stream"
    ]


def all_agree(student: Page, teacher: Page, client: LiveClient) -> list[str]:
    """What everyone shows, once everyone shows the same (AssertionError after WAIT_S)."""
    deadline = time.monotonic() + WAIT_S
    while True:
        client.settle(quiet=0.2)
        seen = [shown(student), shown(teacher), sources_of(client)]
        if all(text == seen[0] for text in seen) or time.monotonic() > deadline:
            assert seen[1] == seen[0], "the teacher's browser differs from the student's"
            assert seen[2] == seen[0], "the pycrdt replica differs from the browsers"
            return seen[0]
        time.sleep(0.3)


def server_copy(page: Page, classroom: RunningClassroom, copy: str) -> dict[str, Any]:
    answer = page.request.get(f"{classroom.url}api/copies/{copy}")
    assert answer.ok, answer.text()
    notebook: dict[str, Any] = answer.json()["notebook"]
    return notebook


@pytest.mark.parametrize("seed", [1, 2])
def test_two_browsers_and_a_pycrdt_client_editing_at_random_end_identical_and_saved(
    browser: Browser,
    context: BrowserContext,
    page: Page,
    a_classroom: tuple[RunningClassroom, httpx.Client],
    seed: int,
) -> None:
    classroom, teacher_client = a_classroom
    code = create_activity(teacher_client, title=f"At random {seed}")
    network = Network(seed)
    network.relay(page)
    copy = join_and_open(page, classroom, code)
    student = page
    expect(student.locator(".live-status")).to_have_text("Live: connected.", timeout=WAIT_S * 1000)
    session = next(c["value"] for c in context.cookies() if c["name"] == "ardoise_session")
    origin = classroom.url.rstrip("/")
    ws = f"ws{origin.removeprefix('http')}/api/copies/{copy}/live"
    client = PatientClient(ws, cookie=session, origin=origin, name="pycrdt").connect()
    teachers = browser.new_context(locale="en-US")
    try:
        teacher = teachers.new_page()
        network.relay(teacher)
        sign_in_teacher(teacher, classroom)
        teacher.goto(join_url(classroom, copy))
        expect(teacher.locator(".live-status")).to_have_text("Live: connected.", timeout=30_000)
        # Python started in both (it starts with the page, and needs the network to).
        wait_until_ready(student)
        wait_until_ready(teacher)
        client.settle()
        assert sources_of(client) == shown(teacher) == shown(student) == ["a = 1", "b = 2"]

        script = random.Random(seed)
        rngs = {name: random.Random(f"{seed}-{name}") for name in ("s", "t", "p")}
        offline_from, offline_to = sorted(script.sample(range(STEPS // 4, STEPS), 2))
        cut_at = script.randrange(STEPS)  # the teacher's connection
        added = 0  # cells: none is deleted, a move keeps the count (or copies it twice)
        ran: set[str] = set()
        turns = [name for name in rngs for _ in range(STEPS)]
        script.shuffle(turns)
        done = {name: 0 for name in rngs}
        for turn in turns:
            step = done[turn]
            done[turn] += 1
            serial = f"{turn}{step}"
            if turn == "p":
                added += pycrdt_step(client, rngs["p"], serial) == "cell"
                continue
            if turn == "s" and step == offline_from:
                context.set_offline(True)
                expect(student.locator(".live-status")).to_have_text(re.compile("^Live: offline"))
            if turn == "s" and step == offline_to:
                context.set_offline(False)
            if turn == "t" and step == cut_at:
                network.cut(teacher)
            kind = browser_step(student if turn == "s" else teacher, rngs[turn], serial)
            if kind == "run":
                ran.add(turn)
            added += kind == "cell"
        context.set_offline(False)
        if not client.connected:
            client.connect()

        # Every run finished, every replica the same, the server's .ipynb that notebook.
        for name in ran:
            runner = student if name == "s" else teacher
            expect(runner.get_by_role("status").filter(has_text="Python:")).to_have_text(
                "Python: ready", timeout=PYTHON_READY_MS
            )
        sources = all_agree(student, teacher, client)
        assert network.overtaken, "no message of the browsers arrived out of order"
        # No cell lost, the student's added offline included.
        assert len(sources) >= 2 + added, (len(sources), added)
        expected = content(client)
        assert [cell["source"] for cell in expected["cells"]] == sources
        deadline = time.monotonic() + WAIT_S
        while server_copy(student, classroom, copy) != expected and time.monotonic() < deadline:
            time.sleep(0.3)
            client.settle(quiet=0.1)
            expected = content(client)
        assert server_copy(student, classroom, copy) == expected
        # Outputs: the same in both browsers, and those the server keeps are shown.
        outputs = outputs_shown(student)
        assert outputs_shown(teacher) == outputs
        for cell, text in zip(expected["cells"], outputs, strict=True):
            assert bool(cell["outputs"]) == bool(text), (cell["outputs"], text)
            for stream in stream_texts(cell):
                assert stream in text
    finally:
        client.disconnect()
        teachers.close()
