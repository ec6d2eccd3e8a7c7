// A button that copies a text to the clipboard, and says so (aria-live) next to itself.
// navigator.clipboard needs a secure context (127.0.0.1 is one, so is https); otherwise a hidden textarea and
// document.execCommand("copy") do it, as the browser still allows inside a click.

function fallbackCopy(text) {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.left = "-9999px";
  document.body.appendChild(area);
  area.select();
  let done = false;
  try {
    done = document.execCommand("copy");
  } finally {
    area.remove();
  }
  return done;
}

function render({ model, el }) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "jupyter-button vae-copy-button";
  const status = document.createElement("span");
  status.className = "vae-copy-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  el.append(button, status);

  function draw() {
    button.textContent = model.get("label");
  }

  async function copy() {
    const text = model.get("text");
    let done = false;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        done = true;
      }
    } catch (_err) {
      done = false;
    }
    if (!done) done = fallbackCopy(text);
    status.textContent = done ? model.get("done_message") : model.get("failed_message");
    model.set("copies", model.get("copies") + (done ? 1 : 0));
    model.save_changes();
  }

  button.addEventListener("click", copy);
  model.on("change:label", draw);
  model.on("change:text", () => { status.textContent = ""; });
  draw();
  return () => button.removeEventListener("click", copy);
}

export default { render };
