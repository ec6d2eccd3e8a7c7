// The page's head start: while app.js downloads and evaluates, the HTML's small inline script (window.vaePrefetch,
// templates vae-app/index.html.j2) has already opened the kernel's websocket and asked for every widget's state.
// This module takes both over: the state goes to the widget manager, the socket to @jupyterlab/services, which
// then receives the messages the kernel sent after that state, in order, as if it had opened the socket itself.
import { deserialize } from "@jupyterlab/services/lib/kernel/serialize";

export const CONTROL_TARGET = "jupyter.widget.control";
const WAIT_MS = 4000;  // as long as ipywidgets' own manager waits for the same reply (CONTROL_COMM_TIMEOUT)

/** A WebSocket already open, handed to @jupyterlab/services: it sees it open, then every message kept for it. */
class AdoptedSocket {
  constructor(socket, pending) {
    this.socket = socket;
    this.pending = pending;
    this.binaryType = "arraybuffer";
    this.onopen = null;
    this.onmessage = null;
    this.onclose = null;
    this.onerror = null;
  }

  get protocol() { return this.socket.protocol; }
  get readyState() { return this.socket.readyState; }
  get url() { return this.socket.url; }
  get bufferedAmount() { return this.socket.bufferedAmount; }
  send(data) { this.socket.send(data); }
  close(code, reason) { this.socket.close(code, reason); }

  /** Hand the socket over: its opening, the messages kept since the reply, then the live ones. */
  start() {
    const socket = this.socket;
    if (socket.readyState !== WebSocket.OPEN) {
      // Closed since the reply: services asks the server about the kernel and opens a new socket, as after any drop.
      socket.onmessage = socket.onclose = socket.onerror = null;
      this.onclose?.(new CloseEvent("close", { code: 1006 }));
      return;
    }
    socket.onmessage = (event) => this.onmessage?.(event);
    socket.onclose = (event) => this.onclose?.(event);
    socket.onerror = (event) => this.onerror?.(event);
    this.onopen?.(new Event("open"));
    for (const event of this.pending.splice(0)) {
      this.onmessage?.(event);
    }
  }
}

/**
 * What the inline script got, or null when there is nothing to take over (no script, socket closed, no reply in
 * time: the page then connects as usual). ``states`` is the kernel's "update_states" message;
 * ``WebSocket`` is the constructor to give ServerConnection.makeSettings; ``start()`` hands the socket over.
 */
export async function takePrefetch(boot = window.vaePrefetch) {
  if (!boot || !boot.socket) {
    return null;
  }
  const socket = boot.socket;
  // The reply to the inline script's request: the "update_states" message, null when the kernel closed the control
  // comm (ipywidgets not loaded yet: no reply will come), undefined for anything else (dropped: status, echoes).
  const reply = (event) => {
    let msg;
    try {
      msg = deserialize(event.data, socket.protocol);
    } catch {
      return undefined;
    }
    const content = msg.content ?? {};
    if (content.comm_id !== boot.commId) {
      return undefined;
    }
    if (msg.header?.msg_type === "comm_close") {
      return null;
    }
    return msg.header?.msg_type === "comm_msg" && content.data?.method === "update_states" ? msg : undefined;
  };
  const states = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), WAIT_MS);
    const consider = (event) => {
      const found = reply(event);
      if (found !== undefined) {
        clearTimeout(timer);
        resolve(found);
      }
      return found !== undefined;
    };
    while (boot.frames.length > 0) {  // what came before the reply is dropped, what came after is kept
      if (consider(boot.frames.shift())) {
        return;
      }
    }
    if (boot.closed) {
      clearTimeout(timer);
      resolve(null);
      return;
    }
    socket.onmessage = consider;
    socket.onclose = socket.onerror = () => {
      boot.closed = true;
      clearTimeout(timer);
      resolve(null);
    };
  });
  // From now on, every message is kept for @jupyterlab/services until start().
  socket.onmessage = (event) => boot.frames.push(event);
  if (states === null) {
    socket.onclose = socket.onerror = null;
    socket.close();
    return null;
  }
  socket.onclose = socket.onerror = () => { boot.closed = true; };
  let adopted = null;
  function PrefetchWebSocket(url, protocols) {
    if (adopted === null) {
      adopted = new AdoptedSocket(socket, boot.frames);
      return adopted;
    }
    return protocols === undefined ? new WebSocket(url) : new WebSocket(url, protocols);
  }
  Object.assign(PrefetchWebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  return {
    states,
    commId: boot.commId,
    WebSocket: PrefetchWebSocket,
    start: () => adopted?.start(),
  };
}
