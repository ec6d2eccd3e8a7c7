"""Helpers for tests/test_jupyterhub.py: system users, path permissions, a real hub, HTTP logins, kernel code.

Everything started or created here is undone by its own handle (user name, PID, saved mode), never by a broad name.
"""

from __future__ import annotations

import asyncio
import json
import os
import pwd
import shutil
import signal
import stat
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
PROXY = ROOT / ".venv" / "node_modules" / ".bin" / "configurable-http-proxy"
CONFIG = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
PREPARE = ROOT / "deploy" / "jupyterhub" / "preparer-utilisateur.sh"


def cannot_create_users() -> str | None:
    """Why system users cannot be created here (the only reason to skip), or None."""
    if not sys.platform.startswith("linux"):
        return f"comptes système : Linux seulement (ici {sys.platform})"
    if os.geteuid() != 0:
        return "comptes système : il faut être root (c’est le cas en CI)"
    missing = [t for t in ("useradd", "userdel", "groupadd", "groupdel", "usermod", "runuser") if not shutil.which(t)]
    if missing:
        return f"outils de comptes système absents : {', '.join(missing)}"
    return None


@dataclass
class Users:
    """System users created for one test, removed (with their processes, homes and groups) by :meth:`remove`."""

    names: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)

    def add(self, name: str) -> str:
        subprocess.run(["useradd", "--create-home", "--user-group", "--shell", "/bin/sh", name], check=True)
        self.names.append(name)
        return name

    def group(self, name: str) -> str:
        subprocess.run(["groupadd", name], check=True)
        self.groups.append(name)
        return name

    def remove(self) -> list[str]:
        """Kill what still runs as these users (by PID), delete users, homes and groups; return what went wrong."""
        import psutil

        problems = []
        uids = set()
        for name in self.names:
            try:
                uids.add(pwd.getpwnam(name).pw_uid)
            except KeyError:
                continue
        for proc in psutil.process_iter(["pid", "uids"]):
            if proc.info["uids"] and proc.info["uids"].real in uids:
                problems.append(f"processus {proc.pid} encore actif pour l’uid {proc.info['uids'].real}")
                try:
                    proc.kill()
                except psutil.Error:
                    pass
        for name in self.names:
            done = subprocess.run(["userdel", "--remove", name], capture_output=True, text=True)
            if done.returncode not in (0, 12):  # 12: home removal trouble only
                problems.append(f"userdel {name} : {done.stderr.strip()}")
        for name in self.groups:
            subprocess.run(["groupdel", name], capture_output=True, check=False)
        return problems


@dataclass
class OpenedPaths:
    """``o+x`` (and ``o+r`` where needed) added to folders other users must cross; :meth:`restore` puts modes back.

    The servers run as the test's system users, but the interpreter, the venv and this checkout (an editable install)
    may sit under folders only root may cross (/root/.pyenv, a 0700 work folder). Only the missing bits are added,
    on exactly the folders on the way, for the hub's lifetime.
    """

    saved: dict[Path, int] = field(default_factory=dict)

    def cross(self, path: Path) -> None:
        path = Path(path).resolve()
        for folder in [*reversed(path.parents), path]:
            self._add(folder, stat.S_IXOTH if folder != path or not folder.is_dir() else stat.S_IXOTH | stat.S_IROTH)

    def _add(self, path: Path, bits: int) -> None:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except OSError:
            return
        if not path.is_dir():
            bits = stat.S_IROTH
        if mode & bits != bits:
            self.saved.setdefault(path, mode)
            os.chmod(path, mode | bits)

    def restore(self) -> None:
        for path, mode in self.saved.items():
            try:
                os.chmod(path, mode)
            except OSError:
                pass


def run_as(user: str, *cmd: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command as ``user`` (runuser: no password, root only), with its supplementary groups."""
    return subprocess.run(["runuser", "-u", user, "--", *[str(c) for c in cmd]], capture_output=True, text=True,
                          env=env, timeout=120)


@dataclass
class Hub:
    """A running JupyterHub: its process, port, and the service token the test uses to start servers."""

    proc: subprocess.Popen[bytes]
    url: str
    token: str
    log: Path

    def api(self, method: str, path: str, **kw) -> requests.Response:
        return requests.request(method, f"{self.url}/hub/api{path}", headers={"Authorization": f"token {self.token}"},
                                timeout=60, **kw)

    def start_server(self, user: str, timeout: float = 240) -> None:
        """Ask for the user's server and wait until the hub reports it ready."""
        answer = self.api("POST", f"/users/{user}/server")
        assert answer.status_code in (201, 202), (answer.status_code, answer.text, self.tail())
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.server_ready(user):
                return
            if self.proc.poll() is not None:
                break
            time.sleep(1)
        raise AssertionError(f"le serveur de {user} n’a pas démarré à temps\n{self.tail()}")

    def server_ready(self, user: str) -> bool:
        """Whether the hub reports the user's server started and ready."""
        server = self.api("GET", f"/users/{user}").json().get("servers", {}).get("")
        return bool(server and server.get("ready"))

    def user_token(self, user: str) -> str:
        answer = self.api("POST", f"/users/{user}/tokens", json={"note": "vae test", "expires_in": 3600})
        assert answer.status_code in (200, 201), (answer.status_code, answer.text)
        return answer.json()["token"]

    def login(self, user: str, password: str) -> requests.Session:
        """A browser-like session logged in through the hub's login form."""
        session = requests.Session()
        page = session.get(f"{self.url}/hub/login", timeout=60)
        assert page.status_code == 200, page.status_code
        xsrf = session.cookies.get("_xsrf", path="/hub/") or session.cookies.get("_xsrf")
        answer = session.post(f"{self.url}/hub/login?next=", data={"username": user, "password": password,
                                                                   "_xsrf": xsrf}, allow_redirects=False, timeout=60)
        assert answer.status_code == 302, (answer.status_code, answer.text[:500])
        return session

    def stop(self, timeout: float = 90) -> int:
        """SIGTERM by PID (the hub then stops every server it started), a kill only if it lingers."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=30)
                return -9
        return self.proc.returncode

    def tail(self, n: int = 4000) -> str:
        try:
            return self.log.read_text(errors="replace")[-n:]
        except OSError:
            return ""


def kernel_run(base: str, user: str, token: str, code: str, timeout: float = 120) -> str:
    """Start a kernel in ``user``'s server, run ``code``, return its stdout (and any error), shut the kernel down."""
    headers = {"Authorization": f"token {token}"}
    api = f"{base}/user/{user}/api/kernels"
    kernel = requests.post(api, headers=headers, json={"name": "python3"}, timeout=60)
    assert kernel.status_code == 201, (kernel.status_code, kernel.text)
    kid = kernel.json()["id"]
    try:
        return asyncio.run(_execute(base.replace("http://", "ws://") + f"/user/{user}/api/kernels/{kid}/channels",
                                    headers, code, timeout))
    finally:
        requests.delete(f"{api}/{kid}", headers=headers, timeout=60)


async def _close(conn) -> None:  # noqa: ANN001 - a tornado WebSocketClientConnection
    """Close the websocket and wait for the server's answer, so no socket is left open."""
    conn.close()
    try:
        while await asyncio.wait_for(conn.read_message(), timeout=10) is not None:
            pass
    except (asyncio.TimeoutError, OSError):
        pass
    stream = getattr(getattr(conn, "protocol", None), "stream", None)
    if stream is not None and not stream.closed():
        stream.close()


async def _execute(url: str, headers: dict[str, str], code: str, timeout: float) -> str:
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    conn = await websocket_connect(HTTPRequest(url, headers=headers, connect_timeout=60))
    msg_id = uuid.uuid4().hex
    conn.write_message(json.dumps({
        "header": {"msg_id": msg_id, "username": "test", "session": uuid.uuid4().hex, "msg_type": "execute_request",
                   "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell",
        "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True},
    }))
    out: list[str] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            raw = await asyncio.wait_for(conn.read_message(), timeout=max(1.0, deadline - time.monotonic()))
            if raw is None:
                break
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                out.append(content["text"])
            elif kind == "error":
                out.append(f"{content['ename']}: {content['evalue']}\n")
            elif kind == "status" and content["execution_state"] == "idle":
                return "".join(out)
    finally:
        await _close(conn)
    raise AssertionError(f"le noyau n’a pas fini à temps ; sortie : {''.join(out)}")
