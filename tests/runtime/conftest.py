"""A kernel with a recording ``publish`` callback: the real interface the worker uses."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

import pytest

from ardoise.runtime import Kernel


@dataclass(frozen=True)
class Message:
    """One published IOPub message, with the time it arrived."""

    msg_type: str
    content: dict[str, Any]
    at: float


@dataclass
class Recorder:
    """A publish callback that keeps every message, after checking it is plain JSON data."""

    messages: list[Message] = field(default_factory=list)

    def __call__(self, msg_type: str, content: dict[str, Any]) -> None:
        # The worker converts contents with toJs: anything but JSON data would break it.
        assert json.loads(json.dumps(content)) == content, content
        self.messages.append(Message(msg_type, content, time.monotonic()))

    def types(self) -> list[str]:
        return [message.msg_type for message in self.messages]

    def of_type(self, msg_type: str) -> list[dict[str, Any]]:
        return [m.content for m in self.messages if m.msg_type == msg_type]

    def text(self, name: str = "stdout") -> str:
        """Everything published on one stream."""
        return "".join(c["text"] for c in self.of_type("stream") if c["name"] == name)

    def results(self) -> list[str]:
        """The text/plain of each execute_result."""
        return [c["data"]["text/plain"] for c in self.of_type("execute_result")]

    def traceback(self) -> str:
        """The last error's traceback as the front end shows it."""
        return "\n".join(self.of_type("error")[-1]["traceback"])

    def clear(self) -> None:
        self.messages.clear()


@pytest.fixture
def recorder() -> Recorder:
    """An empty recording publish callback."""
    return Recorder()


@pytest.fixture
def a_kernel(recorder: Recorder) -> Kernel:
    """A fresh kernel publishing into ``recorder``."""
    return Kernel(recorder)
