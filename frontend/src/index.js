// The app's page: connect to the kernel Voilà started for this page, receive every widget in one message, draw
// the app. The HTML (templates vae-app/index.html.j2) carries the kernel's id and one tag per widget to draw.
import "@fortawesome/fontawesome-free/css/fontawesome.css";
import "@fortawesome/fontawesome-free/css/v4-shims.css";
import "@jupyter-widgets/controls/css/widgets-base.css";
import "@lumino/widgets/style/index.css";
import "./page.css";

import { CommsOverSubshells } from "@jupyterlab/services/lib/kernel/comm";
import { KernelConnection } from "@jupyterlab/services/lib/kernel/default";
import { ServerConnection } from "@jupyterlab/services/lib/serverconnection";

import { KernelWidgetManager } from "./manager.js";
import { takePrefetch } from "./prefetch.js";

const VIEW_MIME = "application/vnd.jupyter.widget-view+json";

function config() {
  const node = document.getElementById("vae-page-config");
  return JSON.parse(node.textContent);
}

function say(message, kind) {
  const status = document.getElementById("vae-page-status");
  status.textContent = message;
  status.className = `vae-page-status ${kind}`;
  status.setAttribute("role", kind === "vae-page-error" ? "alert" : "status");
  status.hidden = !message;
}

function xsrf() {
  const found = document.cookie.match(/(?:^|;\s*)_xsrf=([^;]*)/);
  return found ? decodeURIComponent(found[1]) : "";
}

/** A closed tab stops its kernel at once (Voilà's shutdown address), rather than waiting for the culler. */
function stopKernelOnClose(baseUrl, kernelId) {
  let sent = false;
  window.addEventListener("pagehide", () => {
    if (sent) {
      return;
    }
    sent = true;
    fetch(`${baseUrl}voila/api/shutdown/${kernelId}`, {
      method: "POST", keepalive: true, credentials: "same-origin", headers: { "X-XSRFToken": xsrf() },
    }).catch(() => undefined);
  });
}

async function draw(manager) {
  const tags = [...document.querySelectorAll(`script[type="${VIEW_MIME}"]`)];
  for (const tag of tags) {
    const { model_id: modelId } = JSON.parse(tag.textContent);
    const host = document.createElement("div");
    host.className = "vae-widget-host";
    tag.after(host);
    const model = await manager.get_model(modelId);
    await manager.display_view(manager.create_view(model), host);
  }
}

/** What to do when reloading is not enough: under JupyterHub (addresses /user/<name>/) the server is the hub's. */
function restartHint(baseUrl) {
  return /\/user\/[^/]+\/$/.test(baseUrl)
    ? "arrêtez puis relancez votre serveur depuis la page d’accueil de JupyterHub (adresse /hub/home)"
    : "relancez l’application (vae app)";
}

async function main() {
  performance.mark("vae-script");  // the bundle evaluated: benchmarks/bench_app.py reads it
  const { baseUrl, kernelId } = config();
  stopKernelOnClose(baseUrl, kernelId);
  const prefetch = await takePrefetch();
  if (prefetch) {
    performance.mark("vae-prefetched");  // the widgets' state came with the inline script's socket (tests read it)
  }
  const serverSettings = ServerConnection.makeSettings(
    prefetch ? { baseUrl, WebSocket: prefetch.WebSocket } : { baseUrl });
  // Every widget message on the kernel's main thread, in order, as ipywidgets' Python side expects (by default
  // @jupyterlab/services asks ipykernel for a subshell thread per comm target).
  const kernel = new KernelConnection({ model: { id: kernelId, name: "python3" }, serverSettings,
    handleComms: true, commsOverSubshells: CommsOverSubshells.Disabled });
  let connected = false;
  kernel.connectionStatusChanged.connect((_, status) => {
    if (status === "connected") {
      if (connected) {
        say("", "");  // back after an interruption: nothing was lost on the kernel's side
      }
      connected = true;
    } else if (status === "connecting" && connected) {
      say("La connexion avec l’application est interrompue : nouvelle tentative en cours… Ce que vous tapez "
        + "maintenant pourrait ne pas être enregistré.", "vae-page-error");
    } else if (status === "disconnected") {
      say(`La connexion avec l’application est perdue. Rechargez la page ; si cela ne suffit pas, ${
        restartHint(baseUrl)}.`, "vae-page-error");
    }
  });
  const manager = new KernelWidgetManager(kernel);
  await manager.loadFromKernel(prefetch);
  prefetch?.start();
  await draw(manager);
  say("", "");
}

main().catch((error) => {
  console.error(error);
  say(`L’application n’a pas pu s’afficher. Rechargez la page ; si cela ne suffit pas, ${
    restartHint(config().baseUrl)}. Détail : ${error.message || error}`, "vae-page-error");
});
