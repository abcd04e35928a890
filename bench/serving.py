"""Serve a WSGI app with gunicorn on a free port of 127.0.0.1, for the load tests and the benchmarks.

The app runs in its own process tree exactly as in production (`gunicorn -w N wsgi:app`), so what is
measured or broken (a worker killed, the database restarted) is what a real deployment would meet.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port nobody listens on just now (the kernel's choice)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Served:
    """A running gunicorn: where it listens and its master process."""

    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def worker_pids(self) -> list[int]:
        """The master's worker processes now (a killed worker is replaced by a new pid)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def kill_worker(self) -> int:
        """SIGKILL one worker, as the kernel's out-of-memory killer or a crash would; return its pid."""
        pids = self.worker_pids()
        if not pids:
            raise RuntimeError("gunicorn has no workers to kill")
        os.kill(pids[0], signal.SIGKILL)
        return pids[0]

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def _wait_until_listening(url: str, process: subprocess.Popen[bytes], log_path: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = log_path.read_text()
            raise RuntimeError(f"gunicorn stopped at start (exit {process.returncode}):\n{log}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                answer.read()
            return
        except urllib.error.HTTPError:
            return  # it answered (404 is an answer)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer {url} within {seconds:.0f} s:\n{log_path.read_text()}")


@contextmanager
def gunicorn(
    app_spec: str,
    *,
    workers: int,
    env: Mapping[str, str],
    log_path: Path,
    threads: int = 1,
    ready_path: str = "/",
    timeout: int = 30,
    cwd: Path = ROOT,
) -> Iterator[Served]:
    """Run `gunicorn app_spec` with these workers and environment until the block ends.

    `env` is added to this process's environment (DATABASE_URL, LLEISIAU_ENV, SECRET_KEY ...). Access
    logging stays off, as in the README's deployment: an access log would hold survey addresses.
    """
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers),
        "--threads", str(threads),
        "--timeout", str(timeout),
        "--graceful-timeout", "5",
        "--error-logfile", "-",
        app_spec,
    ]  # fmt: skip
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        # A machine busy with other work can take most of a minute to import the app in each worker.
        _wait_until_listening(url + ready_path, process, log_path, seconds=180)
        yield Served(url=url, process=process, log_path=log_path)
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
