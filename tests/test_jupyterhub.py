"""A real JupyterHub with deploy/jupyterhub/jupyterhub_config.py: every candidate private, the counsellor reviews.

Two candidates and one accompagnateur are real system users (created and removed here); a third candidate, followed by
nobody in this test, checks the counsellor only reaches their own candidates. The hub listens on 127.0.0.1 with a
password authenticator; each person logs in over HTTP and works in their own server, run as their own system user.
Skipped only where system users cannot be created (not root, not Linux): CI runs it as root.
"""

from __future__ import annotations

import os
import pwd
import secrets
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from tests._hub import CONFIG, PREPARE, PROXY, ROOT, VENV_BIN, Hub, OpenedPaths, Users, cannot_create_users, \
    kernel_run, run_as

pytestmark = pytest.mark.slow

PASSWORD = secrets.token_urlsafe(12)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def org():
    """Users, folders and a running hub; everything undone at the end, even after a failure."""
    reason = cannot_create_users()
    if reason:
        print(f"test JupyterHub ignoré : {reason}")
        pytest.skip(reason)
    assert PROXY.exists(), f"{PROXY} absent : « python3 bootstrap.py test » installe configurable-http-proxy (npm)"
    suffix = secrets.token_hex(2)
    names = {k: f"vae{k}{suffix}" for k in ("a", "b", "c", "acc")}
    users, opened = Users(), OpenedPaths()
    base = Path(tempfile.mkdtemp(prefix="vae-hub-"))
    hub = None
    try:
        for name in names.values():
            users.add(name)
        subprocess.run(["usermod", "--comment", "Camille Coach", names["acc"]], check=True)  # signs the reviews
        team = users.group(f"vaeeq{suffix}")
        # The servers run as these users: they must reach the interpreter, the venv and this checkout (an editable
        # install), which may sit under folders only root crosses (/root/.pyenv, a private work folder).
        for path in (Path(sys.executable), Path(sys.base_prefix), VENV_BIN, ROOT / "vae_toolkit", ROOT / "notebooks",
                     ROOT / "templates"):
            opened.cross(path)
        check = run_as(names["a"], VENV_BIN / "python", "-c", "import vae_toolkit.ui.dashboard_view, jupyterhub")
        assert check.returncode == 0, f"l’environnement n’est pas lisible par un autre utilisateur : {check.stderr}"
        os.chmod(base, 0o755)
        racine = base / "vae"
        for k in ("a", "b", "c"):
            done = subprocess.run([PREPARE, "candidat", racine, team, names[k], ROOT / "notebooks"],
                                  capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
        done = subprocess.run([PREPARE, "accompagnateur", racine, team, names["acc"], ROOT / "notebooks",
                               names["a"], names["b"]], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        env = dict(os.environ, VAE_PARTAGE="groupe")
        for k, (prenom, nom) in {"a": ("Aline", "Alpha"), "b": ("Bruno", "Bravo"), "c": ("Chloe", "Charlie")}.items():
            made = run_as(names[k], VENV_BIN / "vae", "init", racine / team / names[k], "--nom", nom,
                          "--prenom", prenom, env=env)
            assert made.returncode == 0, made.stderr
        hub = _start_hub(base, racine, names)
        sessions: list = []
        yield {"hub": hub, "names": names, "racine": racine, "team": team, "sessions": sessions}
    finally:
        for session in locals().get("sessions", []):
            session.close()
        problems = []
        if hub is not None:
            code = hub.stop()
            problems += [] if code == 0 else [f"le hub s’est arrêté avec le code {code}"]
        opened.restore()
        problems += users.remove()
        subprocess.run(["rm", "-rf", "--one-file-system", str(base)], check=False)
        print("\n".join(problems))


def _start_hub(base: Path, racine: Path, names: dict[str, str]) -> Hub:
    port, hub_port, api_port = _free_port(), _free_port(), _free_port()
    token = secrets.token_hex(32)
    state = base / "hub"
    state.mkdir(mode=0o700)
    local = state / "jupyterhub_test_config.py"
    local.write_text(textwrap.dedent(f"""
        load_subconfig({str(CONFIG)!r})
        c = get_config()
        c.JupyterHub.authenticator_class = "dummy"
        c.DummyAuthenticator.password = {PASSWORD!r}
        c.Authenticator.allowed_users = {set(names.values())!r}
        c.JupyterHub.load_groups = {{"accompagnateurs": {{"users": [{names['acc']!r}]}}}}
        c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
        c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
        c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
        c.ConfigurableHTTPProxy.command = [{str(PROXY)!r}]
        c.JupyterHub.db_url = "sqlite:///{state}/jupyterhub.sqlite"
        c.JupyterHub.cookie_secret_file = "{state}/cookie_secret"
        c.Spawner.cmd = [{str(VENV_BIN / 'jupyterhub-singleuser')!r}]
        c.Spawner.start_timeout = 240
        c.Spawner.http_timeout = 240
        c.JupyterHub.services = [{{"name": "vae-test", "api_token": {token!r}}}]
        c.JupyterHub.load_roles = [{{"name": "vae-test", "services": ["vae-test"],
                                     "scopes": ["admin:users", "admin:servers", "tokens", "list:users"]}}]
    """))
    log = state / "hub.log"
    env = dict(os.environ, VAE_RACINE=str(racine), PATH=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    with open(log, "wb") as out:
        proc = subprocess.Popen([str(VENV_BIN / "jupyterhub"), "-f", str(local)], cwd=state, stdout=out,
                                stderr=subprocess.STDOUT, env=env)
    hub = Hub(proc, f"http://127.0.0.1:{port}", token, log)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"le hub s’est arrêté au démarrage :\n{hub.tail()}")
        try:
            if hub.api("GET", "/").status_code == 200:
                return hub
        except OSError:
            pass
        time.sleep(0.5)
    hub.stop()
    raise AssertionError(f"le hub n’a pas démarré à temps :\n{hub.tail()}")


def test_each_candidate_private_and_the_counsellor_reviews(org):
    hub, names, racine, team = org["hub"], org["names"], org["racine"], org["team"]
    a, b, acc = names["a"], names["b"], names["acc"]
    dossier = {k: racine / team / names[k] for k in ("a", "b", "c")}
    for user in (a, b, acc):
        hub.start_server(user)

    # Candidate A logs in: the default page is the app on A's dossier; JupyterLab is one click away.
    alice = hub.login(a, PASSWORD)
    org["sessions"].append(alice)
    home = alice.get(f"{hub.url}/user/{a}/", timeout=120)
    assert home.status_code == 200, (home.status_code, home.url, hub.tail())
    assert "/voila/render/vae/" in home.url
    _rendered_without_error(home.text)
    screen = kernel_run(hub.url, a, hub.user_token(a), SCREEN_TEXT.format(notebook=home.url.split("/vae/")[-1]))
    assert "Aline" in screen and "Alpha" in screen and "Bravo" not in screen, screen
    lab = alice.get(f"{hub.url}/user/{a}/lab", timeout=120)
    assert lab.status_code == 200 and "JupyterLab" in lab.text

    # ...but never B's: not B's server through the hub, not B's files through A's contents API or A's kernel.
    assert alice.get(f"{hub.url}/user/{b}/api/contents", timeout=60).status_code in (403, 404)
    token_a = hub.user_token(a)
    assert _get(hub, f"/user/{b}/api/contents", token_a).status_code in (403, 404)
    mine = _get(hub, f"/user/{a}/api/contents/mon-dossier-vae/dossier.yaml", token_a)
    assert mine.status_code == 200 and "Aline" in mine.json()["content"]
    out = kernel_run(hub.url, a, token_a, textwrap.dedent(f"""
        import os
        os.symlink({str(dossier['b'])!r}, os.path.expanduser("~/vers-b"))
        for attempt in ({str(dossier['b'] / 'dossier.yaml')!r}, {str(dossier['b'])!r}, {str(racine / team)!r}):
            try:
                open(attempt).read() if attempt.endswith(".yaml") else os.listdir(attempt)
                print("LU", attempt)
            except PermissionError:
                print("REFUSE", attempt)
        print(os.environ.get("VAE_DOSSIER"), os.environ.get("VAE_PARTAGE"))
    """))
    assert "LU" not in out and out.count("REFUSE") == 3, out
    assert f"{dossier['a']} groupe" in out, out
    via_link = _get(hub, f"/user/{a}/api/contents/vers-b/dossier.yaml", token_a)
    assert via_link.status_code in (403, 404, 500) and "Bravo" not in via_link.text

    # The accompagnateur lands on the counsellor's app: the dashboard shows A and B (their candidates), not C.
    coach = hub.login(acc, PASSWORD)
    org["sessions"].append(coach)
    board = coach.get(f"{hub.url}/user/{acc}/", timeout=180)
    assert board.status_code == 200 and board.url.endswith("/voila/render/vae/conseiller/application.ipynb"), \
        (board.status_code, board.url)
    _rendered_without_error(board.text)
    token_acc = hub.user_token(acc)
    screen = kernel_run(hub.url, acc, token_acc, SCREEN_TEXT.format(notebook="conseiller/application.ipynb"))
    assert "Aline Alpha" in screen and "Bruno Bravo" in screen and "Charlie" not in screen, screen
    # A's row links to the shell's own address for A's review; the page at that address opens without error.
    link = f"?page=revue&candidat={a}"
    assert f'href="{link.replace("&", "&amp;")}"' in screen, screen
    review_page = coach.get(f"{board.url}{link}", timeout=180)
    assert review_page.status_code == 200, review_page.status_code
    _rendered_without_error(review_page.text)

    # In the shell at that address, the accompagnateur comments on A's dossier: the review is saved, signed with
    # the name the hub gave the server (the account's full name).
    out = kernel_run(hub.url, acc, token_acc, SHELL_TEXT.format(query=link) + textwrap.dedent("""
        view = find(shell, ReviewView)
        print("ECRAN", shell.current.query, "|", view.reviewer.value)
        view.new_note.value = "Situation 2 : précisez votre rôle."
        view.add_note.click()
        print("MESSAGE", view.message.value)
    """))
    assert f"ECRAN page=revue&candidat={a} | Camille Coach" in out and "Enregistré" in out, out

    # Writing the candidate's dossier.yaml is refused by the system, and so is reading C's.
    out = kernel_run(hub.url, acc, token_acc, textwrap.dedent(f"""
        import os, tempfile
        from vae_toolkit.storage.dossier import DossierSession
        print("REVUE", oct(os.stat({str(dossier['a'] / 'revue.yaml')!r}).st_mode & 0o7777))
        target = {str(dossier['a'] / 'dossier.yaml')!r}
        try:
            open(target, "r+b")
            print("ECRIT dossier.yaml")
        except PermissionError:
            print("REFUSE ecriture")
        fd, tmp = tempfile.mkstemp(dir={str(dossier['a'])!r})
        os.close(fd)
        try:
            os.replace(tmp, target)
            print("REMPLACE dossier.yaml")
        except PermissionError:
            os.unlink(tmp)
            print("REFUSE remplacement")
        try:
            DossierSession({str(dossier['c'])!r})
            print("LU C")
        except Exception as exc:
            print("REFUSE C", type(exc).__name__)
    """))
    assert "REVUE 0o640" in out and "REFUSE ecriture" in out and "REFUSE remplacement" in out, out
    assert "REFUSE C" in out and "ECRIT" not in out and "REMPLACE" not in out, out

    # A sees the review and keeps saving their own dossier beside it.
    out = kernel_run(hub.url, a, token_a, textwrap.dedent(f"""
        from vae_toolkit.storage.review import load_review
        from vae_toolkit.storage.dossier import DossierSession
        review = load_review({str(dossier['a'])!r}).model
        print("COMMENTAIRE", review.commentaires[-1].auteur, "|", review.commentaires[-1].texte)
        s = DossierSession({str(dossier['a'])!r})
        s.dossier.profil.nom = "Alpha-Martin"
        s.save()
        print("ENREGISTRE")
    """))
    assert "COMMENTAIRE Camille Coach | Situation 2 : précisez votre rôle." in out and "ENREGISTRE" in out, out
    assert "Alpha-Martin" in dossier["a"].joinpath("dossier.yaml").read_text()
    assert dossier["a"].joinpath("revue.yaml").stat().st_uid != dossier["a"].stat().st_uid


SCREEN_TEXT = """
import ast, json, os
nb = json.load(open(os.path.expanduser("~/vae/{notebook}"), encoding="utf-8"))
code = [''.join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
ns = {{}}
for source in code[:-1]:
    exec(source, ns)
body = ast.parse(code[-1]).body
exec(compile(ast.Module(body[:-1], []), "screen", "exec"), ns)
screen = eval(compile(ast.Expression(body[-1].value), "screen", "eval"), ns)

def texts(widget):
    value = getattr(widget, "value", None)
    out = [value] if isinstance(value, str) else []
    for child in getattr(widget, "children", ()):
        out += texts(child)
    return out

print("\\n".join(texts(screen)))
"""
"""Runs a screen's notebook cells in the user's own kernel as Voilà does, then prints every text the widgets hold
(Voilà sends widget state to the browser over the kernel's websocket; the page's HTML only holds a placeholder)."""

SHELL_TEXT = """
from vae_toolkit.ui.counsellor_app import CounsellorShell, counsellor_app
from vae_toolkit.ui.review_view import ReviewView

def find(widget, kind):
    if isinstance(widget, kind):
        return widget
    for child in getattr(widget, "children", ()):
        found = find(child, kind)
        if found is not None:
            return found
    return None

shell = find(counsellor_app(query={query!r}), CounsellorShell)
"""
"""The counsellor's app as its notebook builds it (folder from ``VAE_DOSSIERS``), on the screen of an address."""


def _rendered_without_error(page: str) -> None:
    """The Voilà page executed its cells: a widget was displayed and no cell ended in an error."""
    assert "application/vnd.jupyter.widget-view+json" in page
    assert "jp-OutputArea-error" not in page and "Traceback" not in page


def _get(hub: Hub, path: str, token: str):
    import requests

    return requests.get(f"{hub.url}{path}", headers={"Authorization": f"token {token}"}, timeout=60)


@pytest.mark.browser
def test_in_a_browser_the_candidate_lands_on_the_app_and_the_counsellor_opens_a_review(org):
    """Chromium through the hub's login form: the app's widgets show A's dossier, and closing the page stops its
    kernel at once; in the counsellor's app, one click on a dashboard row opens that candidate's review at the
    shell's own address, where a note is saved that A reads. Screenshots in test-artifacts/browser/."""
    from playwright.sync_api import sync_playwright

    from tests._browser import ARTEFACTS, CHROMIUM, CHROMIUM_ARGS, WIDGETS_TIMEOUT, require_chromium

    require_chromium()
    hub, names = org["hub"], org["names"]
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        # launch() gives the browser a fresh temporary profile; each person gets their own context (cookies).
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for user, check in ((names["a"], _app_shows_alpha), (names["acc"], _dashboard_opens_a_review)):
                context = browser.new_context(locale="fr-FR")
                page = context.new_page()
                org["kernels_before"] = _kernels(hub, user) if hub.server_ready(user) else set()
                page.goto(f"{hub.url}/hub/login", timeout=WIDGETS_TIMEOUT)
                page.fill("input[name=username]", user)
                page.fill("input[name=password]", PASSWORD)
                page.click("input[type=submit], button[type=submit]")
                check(page, org)
                context.close()
        finally:
            browser.close()
    # A reads the note in their own kernel (outside Playwright's event loop).
    seen = kernel_run(hub.url, names["a"], hub.user_token(names["a"]), textwrap.dedent(f"""
        from vae_toolkit.storage.review import load_review
        review = load_review({str(org['racine'] / org['team'] / names['a'])!r}).model
        print("\\n".join(f"{{c.auteur}} | {{c.texte}}" for c in review.commentaires))
    """))
    assert f"Camille Coach | {org['note']}" in seen, seen


CLOSED_KERNEL_DELAY = 5.0
"""s within which a closed page's kernel must be gone (the culler would take five minutes)."""


def _kernels(hub: Hub, user: str) -> set[str]:
    """The ids of the kernels running in ``user``'s server, through the hub's proxy as that user."""
    answer = _get(hub, f"/user/{user}/api/kernels", hub.user_token(user))
    assert answer.status_code == 200, (answer.status_code, answer.text)
    return {k["id"] for k in answer.json()}


def _app_shows_alpha(page, org) -> None:  # noqa: ANN001 - playwright Page
    from tests._browser import ARTEFACTS, WIDGETS_TIMEOUT

    hub, names, before = org["hub"], org["names"], org["kernels_before"]
    page.wait_for_url("**/voila/render/vae/**", timeout=WIDGETS_TIMEOUT)
    page.wait_for_function("() => [...document.querySelectorAll('input')].some(i => i.value === 'Aline')",
                           timeout=WIDGETS_TIMEOUT)
    assert "Bravo" not in page.content()
    page.screenshot(path=str(ARTEFACTS / "jupyterhub-candidat.png"), full_page=True)
    app = page.url
    _closing_stops_the_kernel(page, hub, names["a"], before)
    # The hub's login sets the cookie the closing request carries (``_xsrf``, for the user's server); a page opened
    # without it (the cookie expired or removed while the login holds) gets it from the server's voila.py.
    page.context.clear_cookies(name="_xsrf")
    before = _kernels(hub, names["a"])
    page.goto(app, timeout=WIDGETS_TIMEOUT)
    page.wait_for_function("() => [...document.querySelectorAll('input')].some(i => i.value === 'Aline')",
                           timeout=WIDGETS_TIMEOUT)
    _closing_stops_the_kernel(page, hub, names["a"], before)


def _closing_stops_the_kernel(page, hub: Hub, user: str, before: set[str]) -> None:  # noqa: ANN001 - Page
    """The page's kernel (the only one started since ``before``) is gone soon after the page is left."""
    mine = _kernels(hub, user) - before
    assert len(mine) == 1, "one kernel for the page"
    page.goto("about:blank")  # the tab leaves the app: its closing request asks the server to stop the kernel
    deadline = time.monotonic() + CLOSED_KERNEL_DELAY
    while mine & _kernels(hub, user) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not mine & _kernels(hub, user), f"noyau encore actif après la fermeture de la page\n{hub.tail()}"


def _dashboard_opens_a_review(page, org) -> None:  # noqa: ANN001 - playwright Page
    from tests._browser import ARTEFACTS, WIDGETS_TIMEOUT

    hub, names = org["hub"], org["names"]
    page.wait_for_url("**/conseiller/application.ipynb*", timeout=WIDGETS_TIMEOUT)
    row = page.locator("tr", has_text="Aline Alpha")
    row.wait_for(timeout=WIDGETS_TIMEOUT)
    assert page.locator("tr", has_text="Bruno Bravo").count() == 1 and "Charlie" not in page.content()
    row.get_by_role("link", name="Ouvrir").click()  # one click
    page.wait_for_url(f"**/conseiller/application.ipynb?page=revue&candidat={names['a']}", timeout=WIDGETS_TIMEOUT)
    page.get_by_text("Compétence par compétence").first.wait_for(timeout=WIDGETS_TIMEOUT)
    note = "Entretien du 30/11 : reprendre l’analyse de la situation 1."
    page.locator(".lm-TabBar-tab", has_text="Avis global").click()
    page.get_by_placeholder("Note de suivi datée").fill(note)
    page.get_by_role("button", name="Ajouter la note").click()
    page.get_by_text("Enregistré.").first.wait_for(timeout=WIDGETS_TIMEOUT)
    page.screenshot(path=str(ARTEFACTS / "jupyterhub-conseiller.png"), full_page=True)
    org["note"] = note


def test_the_hub_stops_cleanly(org):
    """SIGTERM: the hub stops every server it started and its proxy, and exits with 0."""
    import psutil

    hub, names = org["hub"], org["names"]
    for session in org["sessions"]:
        session.close()  # the browsers leave
    children = psutil.Process(hub.proc.pid).children(recursive=True)
    assert any("configurable-http-proxy" in " ".join(p.cmdline()) for p in children if p.is_running())
    assert hub.stop() == 0, hub.tail()
    uids = {pwd.getpwnam(n).pw_uid for n in names.values()}
    deadline = time.monotonic() + 30
    left = []
    while time.monotonic() < deadline:
        left = [p.pid for p in psutil.process_iter(["uids"]) if p.info["uids"] and p.info["uids"].real in uids]
        left += [p.pid for p in children if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        if not left:
            break
        time.sleep(0.5)
    assert not left, f"processus restés après l’arrêt du hub : {left}"
