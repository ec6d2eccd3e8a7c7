// A widget manager connected to the page's kernel, and nothing else: the base and controls widgets, the Output
// widget (./output.js) and anywidget's models. Voilà's page loads JupyterLab's whole application for the same job.
import * as base from "@jupyter-widgets/base";
import { ManagerBase } from "@jupyter-widgets/base-manager";
import * as controls from "@jupyter-widgets/controls";
import { MessageLoop } from "@lumino/messaging";
import { Widget } from "@lumino/widgets";
import anywidget from "anywidget";

import * as output from "./output.js";
import { CONTROL_TARGET } from "./prefetch.js";

const WIDGET_TARGET = "jupyter.widget";
const anywidgetClasses = anywidget(base);

export class KernelWidgetManager extends ManagerBase {
  constructor(kernel) {
    super();
    this.kernel = kernel;
    this.views = new Set();
    // Widgets the kernel creates later (a screen built on request) arrive as comm openings.
    kernel.registerCommTarget(WIDGET_TARGET, (comm, msg) =>
      this.handle_comm_open(new base.shims.services.Comm(comm), msg));
    window.addEventListener("resize", () => {
      for (const view of this.views) {
        MessageLoop.postMessage(view.luminoWidget, Widget.ResizeMessage.UnknownSize);
      }
    });
  }

  /**
   * Every widget model the kernel holds, in one round trip (ipywidgets 8's control comm), or from the reply the
   * page's inline script already received (``prefetch``, see ./prefetch.js): no round trip then.
   */
  loadFromKernel(prefetch = null) {
    this.prefetch = prefetch;
    return this._loadFromKernel();
  }

  async display_view(view, el) {
    const shown = await view;
    Widget.attach(shown.luminoWidget, el);
    this.views.add(shown);
    shown.once("remove", () => this.views.delete(shown));
    return shown;
  }

  async loadClass(className, moduleName) {
    const modules = {
      "@jupyter-widgets/base": base,
      "@jupyter-widgets/controls": controls,
      "@jupyter-widgets/output": output,
      anywidget: anywidgetClasses,
    };
    const module = modules[moduleName];
    if (module === undefined || module[className] === undefined) {
      throw new Error(`Module de widget inconnu : ${moduleName} ${className}`);
    }
    return module[className];
  }

  async _create_comm(targetName, modelId, data, metadata, buffers) {
    if (targetName === CONTROL_TARGET && this.prefetch) {
      const prefetch = this.prefetch;
      this.prefetch = null;
      return new PrefetchedControlComm(prefetch, this.kernel);
    }
    const comm = this.kernel.createComm(targetName, modelId);
    if (data || metadata) {
      comm.open(data, metadata, buffers);
    }
    return new base.shims.services.Comm(comm);
  }

  async _get_comm_info() {
    const reply = await this.kernel.requestCommInfo({ target_name: WIDGET_TARGET });
    return reply.content.status === "ok" ? reply.content.comms : {};
  }
}

/** The control comm the inline script opened: its reply is already here; closing it closes the kernel's side. */
class PrefetchedControlComm {
  constructor(prefetch, kernel) {
    this.prefetch = prefetch;
    this.kernel = kernel;
    this.handler = null;
  }

  on_msg(handler) {
    this.handler = handler;
  }

  on_close() {}

  send(data) {
    if (data.method !== "request_states") {
      throw new Error(`Message inattendu sur le canal de contrôle des widgets : ${data.method}`);
    }
    Promise.resolve().then(() => this.handler(this.prefetch.states));
    return "";
  }

  close() {
    // Only tidiness (the kernel keeps no state for it): never a reason to fall back to asking widget by widget,
    // which would wait for a socket not handed over yet.
    try {
      this.kernel.createComm(CONTROL_TARGET, this.prefetch.commId).close();
    } catch (error) {
      console.warn(error);
    }
  }
}
