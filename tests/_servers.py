"""Start and stop ``vae app`` for tests: a real subprocess on a free port, killed by its own PID."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

URL_RE = re.compile(r"https?://\S+")
START_TIMEOUT = 90


def free_port() -> int:
    """A port nobody listens on right now on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class AppServer:
    """A running ``vae app``: its process, the start URL it printed, and what it printed so far."""

    proc: subprocess.Popen[str]
    url: str
    port: int
    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)
    started_in: float = 0.0
    readers: list[threading.Thread] = field(default_factory=list)

    @property
    def token(self) -> str:
        return urlsplit(self.url).query.removeprefix("token=")

    def page(self, notebook: str, **query: str) -> str:
        """The URL of ``notebook`` (a path relative to the notebooks folder), token included."""
        extra = "".join(f"&{k}={quote(v, safe='')}" for k, v in query.items())
        return f"http://127.0.0.1:{self.port}/voila/render/{quote(notebook)}?token={self.token}{extra}"

    def kernels(self) -> set[int]:
        """PIDs of the kernels this server runs (its ipykernel child processes)."""
        import psutil  # installed with ipykernel

        found = set()
        for child in psutil.Process(self.proc.pid).children(recursive=True):
            try:
                if any("ipykernel" in part for part in child.cmdline()):
                    found.add(child.pid)
            except psutil.Error:
                continue
        return found

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> int:
        """Stop the server by its own PID (``sig`` first, a kill if it lingers) and return its exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.close()
        return self.proc.returncode

    def close(self) -> None:
        """Let the readers drain the pipes, then close them (no unclosed-file warnings)."""
        for reader in self.readers:
            reader.join(timeout=10)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()


def _pump(stream, sink: list[str], lines: queue.Queue[str] | None) -> None:
    for line in stream:
        sink.append(line)
        if lines is not None:
            lines.put(line)


def start_app(*args: str | Path, port: int | None = None, env: dict[str, str] | None = None,
              python: str | Path = sys.executable, cwd: str | Path | None = None) -> AppServer:
    """Run ``vae app ARGS --no-browser --port PORT`` and wait until it prints its URL (it listens by then)."""
    port = port or free_port()
    cmd = [str(python), "-m", "vae_toolkit", "app", *map(str, args), "--no-browser", "--port", str(port)]
    full_env = dict(os.environ if env is None else env, PYTHONIOENCODING="utf-8", PYTHONUNBUFFERED="1")
    begin = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                            env=full_env, cwd=cwd)
    server = AppServer(proc=proc, url="", port=port)
    lines: queue.Queue[str] = queue.Queue()
    server.readers = [threading.Thread(target=_pump, args=(proc.stdout, server.stdout, lines), daemon=True),
                      threading.Thread(target=_pump, args=(proc.stderr, server.stderr, None), daemon=True)]
    for reader in server.readers:
        reader.start()
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            if proc.poll() is not None:
                break
            continue
        found = URL_RE.search(line)
        if found:
            server.url = found.group(0)
            server.started_in = time.perf_counter() - begin
            return server
    proc.kill()
    proc.wait(timeout=10)
    server.close()
    raise RuntimeError(f"vae app did not start (exit {proc.returncode}):\n{''.join(server.stderr)[-3000:]}")
