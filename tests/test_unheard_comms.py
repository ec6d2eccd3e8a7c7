"""A pre-heated kernel sends no widget message before a page connects, and the page still gets every widget.

Run in a real ipykernel (jupyter_client), as Voilà's pool does: the messages are read on the kernel's IOPub.
"""

from __future__ import annotations

import uuid
from queue import Empty

import pytest

from vae_toolkit.ui.preheat import unheard_until_page

BUILD = """
import ipywidgets as widgets
from vae_toolkit.ui.preheat import unheard_until_page
assert unheard_until_page() and unheard_until_page()  # installed once, asked twice
before = widgets.Text(value="avant la page", description="Nom")
box = widgets.VBox([before, widgets.Button(description="Enregistrer")])
"""


def _messages(client, seconds: float = 1.0) -> list[dict]:  # noqa: ANN001 - jupyter_client's client
    out = []
    while True:
        try:
            out.append(client.get_iopub_msg(timeout=seconds))
        except Empty:
            return out


def _run(client, code: str) -> list[dict]:  # noqa: ANN001
    """Run ``code``; every IOPub message it caused (execute_interactive hands them to its hook)."""
    seen: list[dict] = []
    reply = client.execute_interactive(code, timeout=60, output_hook=seen.append)
    assert reply["content"]["status"] == "ok", reply["content"]
    return seen + _messages(client)


def test_outside_a_kernel_nothing_changes() -> None:
    import comm

    before = comm.create_comm
    assert unheard_until_page() is False
    assert comm.create_comm is before


@pytest.mark.slow
def test_widgets_are_silent_until_a_page_asks_then_heard() -> None:
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3")
    try:
        silent = _run(client, BUILD)
        assert [m for m in silent if m["msg_type"] == "status"], "the hook saw the kernel's messages"
        assert not [m for m in silent if m["msg_type"].startswith("comm_")], "a widget spoke before any page"
        # A page connects: ipywidgets' control comm, then the state of every widget in one reply.
        control = uuid.uuid4().hex
        client.shell_channel.send(client.session.msg("comm_open", {
            "comm_id": control, "target_name": "jupyter.widget.control", "data": {}}, metadata={"version": "1.0.0"}))
        client.shell_channel.send(client.session.msg("comm_msg", {
            "comm_id": control, "data": {"method": "request_states"}}))
        replies = [m for m in _messages(client, 3.0)
                   if m["msg_type"] == "comm_msg" and m["content"]["data"].get("method") == "update_states"]
        assert len(replies) == 1
        states = replies[0]["content"]["data"]["states"]
        values = [s["state"].get("value") for s in states.values() if s["model_name"] == "TextModel"]
        assert values == ["avant la page"]
        # The page's edits reach the widget created silently.
        client.shell_channel.send(client.session.msg("comm_msg", {
            "comm_id": [s for s, v in states.items() if v["model_name"] == "TextModel"][0],
            "data": {"method": "update", "state": {"value": "tapé dans la page"}, "buffer_paths": []}}))
        _messages(client)
        echoed = _run(client, "after = widgets.Text(value=before.value)")
        opened = [m for m in echoed if m["msg_type"] == "comm_open"]
        assert [m["content"]["data"]["state"]["value"] for m in opened if
                m["content"]["data"]["state"].get("_model_name") == "TextModel"] == ["tapé dans la page"]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
