// ipywidgets' Output widget without JupyterLab's output area: text, errors, HTML and images, which is all the app
// prints (a bug's traceback, a message). Outputs produced inside `with output:` in the kernel are caught here by
// their parent message id, as JupyterLab does; `append_stdout` and friends arrive through the `outputs` state.
import { DOMWidgetModel, DOMWidgetView } from "@jupyter-widgets/base";

const CAUGHT = new Set(["stream", "error", "display_data", "execute_result", "clear_output"]);
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

export class OutputModel extends DOMWidgetModel {
  defaults() {
    return {
      ...super.defaults(),
      _model_name: "OutputModel",
      _model_module: "@jupyter-widgets/output",
      _model_module_version: "1.0.0",
      _view_name: "OutputView",
      _view_module: "@jupyter-widgets/output",
      _view_module_version: "1.0.0",
      msg_id: "",
      outputs: [],
    };
  }

  initialize(attributes, options) {
    super.initialize(attributes, options);
    this.hooked = "";
    this.clearOnNext = false;
    this.on("change:msg_id", () => this.hook(), this);
    this.hook();
  }

  hook() {
    const kernel = this.widget_manager.kernel;
    if (this.hooked && kernel) {
      kernel.removeMessageHook(this.hooked, this.catcher);
    }
    this.hooked = this.get("msg_id");
    if (!this.hooked || !kernel) {
      return;
    }
    this.catcher = (msg) => {
      const type = msg.header.msg_type;
      if (!CAUGHT.has(type)) {
        return true;
      }
      this.take(type, msg.content);
      return false;
    };
    kernel.registerMessageHook(this.hooked, this.catcher);
  }

  take(type, content) {
    if (type === "clear_output") {
      if (content.wait) {
        this.clearOnNext = true;
      } else {
        this.set("outputs", []);
      }
    } else {
      const kept = this.clearOnNext ? [] : this.get("outputs");
      this.clearOnNext = false;
      this.set("outputs", [...kept, { output_type: type, ...content }]);
    }
    this.save_changes();
  }
}

function text(value) {
  return (Array.isArray(value) ? value.join("") : String(value ?? "")).replace(ANSI, "");
}

function element(tag, className, content) {
  const node = document.createElement(tag);
  node.className = className;
  node.textContent = content;
  return node;
}

function render(out) {
  if (out.output_type === "stream") {
    return element("pre", `vae-output vae-output-${out.name}`, text(out.text));
  }
  if (out.output_type === "error") {
    return element("pre", "vae-output vae-output-error", text(out.traceback?.length ? out.traceback.join("\n")
      : `${out.ename}: ${out.evalue}`));
  }
  const data = out.data || {};
  if (data["text/html"] !== undefined) {
    const node = document.createElement("div");
    node.className = "vae-output";
    node.innerHTML = text(data["text/html"]);  // produced by the app's own code in its kernel
    return node;
  }
  if (data["image/png"] !== undefined) {
    const img = document.createElement("img");
    img.src = `data:image/png;base64,${text(data["image/png"]).trim()}`;
    img.alt = text(data["text/plain"]);
    return img;
  }
  return element("pre", "vae-output", text(data["text/plain"]));
}

export class OutputView extends DOMWidgetView {
  render() {
    this.el.classList.add("jupyter-widgets-output-area");
    this.listenTo(this.model, "change:outputs", () => this.draw());
    this.draw();
  }

  draw() {
    this.el.replaceChildren(...this.model.get("outputs").map(render));
  }
}
