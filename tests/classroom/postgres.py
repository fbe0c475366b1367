"""A throwaway PostgreSQL cluster for the tests: initdb in a temporary folder, a free port.

initdb refuses to run as root, so as root the cluster belongs to the `postgres`
user (Debian's packages create it) and its commands run through runuser.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

__all__ = ["ThrowawayPostgres", "postgres_binaries"]


def postgres_binaries() -> Path | None:
    """The folder of initdb and pg_ctl (Debian keeps them out of PATH), if installed."""
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / "initdb").is_file():
            return folder
    found = shutil.which("initdb")
    return Path(found).resolve().parent if found else None


class ThrowawayPostgres:
    """One cluster, listening on 127.0.0.1 only, trusting local connections."""

    def __init__(self, binaries: Path, *, durable: bool = False, cpus: str | None = None) -> None:
        """`durable`: fsync on, as in production (benchmarks); `cpus`: the cores it may
        use (taskset list, e.g. "0"), inherited by every process of the cluster."""
        self.binaries = binaries
        self.durable = durable
        self.cpus = cpus
        self.folder = Path(tempfile.mkdtemp(prefix="ardoise-postgres-"))
        self.data = self.folder / "data"
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            self.prefix = [shutil.which("runuser") or "runuser", "-u", "postgres", "--"]
        self.names = itertools.count(1)

    def _run(self, program: str, *args: str) -> None:
        pin = ["taskset", "-c", self.cpus] if self.cpus else []
        command = [*pin, *self.prefix, str(self.binaries / program), *args]
        # Run from the cluster's folder: the postgres user may not enter the current one.
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=300, check=False, cwd=self.folder
        )
        assert result.returncode == 0, f"{program} failed: {result.stdout}{result.stderr}"

    def start(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "ardoise", "--auth=trust", "-E", "UTF8")
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        if not self.durable:
            options += " -F"  # fsync off: a test cluster need not survive a power cut.
        log = str(self.folder / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-l", log, "-o", options, "-w", "start")

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql://ardoise@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """The URL of a new, empty database."""
        import psycopg

        name = f"classroom_{next(self.names)}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        return self.url(name)
