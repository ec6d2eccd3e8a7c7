// The app's navigation: links with real addresses (?page=…), switched inside the page.
// A click, Back/Forward or a change from Python shows the screen at once (CSS class on the screens already
// built) and tells the kernel, which builds the screen when it is not there yet. In app mode the address bar
// follows (history.pushState), the tab title says where one is, and the document is declared French.

const SCREEN_PARAMS = ["page", "bloc", "candidat"];

function canonical(search) {
  const params = new URLSearchParams(search);
  const out = new URLSearchParams();
  for (const key of SCREEN_PARAMS) {
    if (params.has(key)) out.set(key, params.get(key));
  }
  return out.toString();
}

function cssKey(query) {
  return query.replace(/[^A-Za-z0-9_-]/g, "-");
}

function hrefFor(query, syncUrl) {
  if (!syncUrl) return "?" + query;
  const params = new URLSearchParams(window.location.search);
  for (const key of SCREEN_PARAMS) params.delete(key);
  const merged = new URLSearchParams(query);
  for (const [k, v] of params) merged.append(k, v);
  return "?" + merged.toString();
}

function render({ model, el }) {
  const nav = document.createElement("nav");
  nav.className = "vae-navigator";
  const heading = document.createElement("p");
  heading.className = "vae-navigator-title";
  const list = document.createElement("ol");
  nav.append(heading, list);
  el.appendChild(nav);

  const shell = () => el.closest(".vae-shell");

  function showNow(query) {
    const root = shell();
    if (!root) return;
    const wanted = "vae-screen--" + cssKey(query);
    let found = false;
    for (const screen of root.querySelectorAll(".vae-screen")) {
      const mine = screen.classList.contains(wanted);
      found = found || mine;
      screen.classList.toggle("vae-screen-hidden", !mine);
    }
    root.classList.toggle("vae-shell-loading", !found);
  }

  function draw() {
    const current = model.get("current");
    nav.setAttribute("aria-label", model.get("label"));
    heading.textContent = model.get("label");
    list.replaceChildren();
    for (const item of model.get("items")) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = hrefFor(item.query, model.get("sync_url"));
      a.className = "vae-nav-link vae-nav--" + cssKey(item.query);
      a.dataset.vaeQuery = item.query;
      a.dataset.vaeTitle = item.title || "";
      const name = document.createElement("span");
      name.className = "vae-nav-label";
      name.textContent = item.label;
      a.appendChild(name);
      if (item.detail) {
        const detail = document.createElement("span");
        detail.className = "vae-nav-detail";
        detail.textContent = item.detail;
        a.appendChild(detail);
      }
      if (item.query === current) a.setAttribute("aria-current", "page");
      li.appendChild(a);
      list.appendChild(li);
    }
  }

  function go(query, push) {
    if (!query || query === model.get("current")) {
      showNow(model.get("current"));
      return;
    }
    showNow(query);
    if (push && model.get("sync_url")) {
      window.history.pushState({ vae: query }, "", hrefFor(query, true));
    }
    model.set("current", query);
    model.save_changes();
  }

  function onClick(event) {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target.closest && event.target.closest("a[href^='?']");
    if (!link || !shell() || link.closest(".vae-shell") !== shell()) return;
    const query = link.dataset.vaeQuery || canonical(link.getAttribute("href"));
    if (!query) return;
    event.preventDefault();
    if (model.get("sync_url") && link.dataset.vaeTitle) document.title = link.dataset.vaeTitle;
    go(query, true);
  }

  function onPop() {
    if (!model.get("sync_url")) return;
    const query = canonical(window.location.search);
    if (query) go(query, false);
  }

  function onCurrent() {
    const query = model.get("current");
    draw();
    showNow(query);
    if (model.get("sync_url")) {
      if (canonical(window.location.search) !== query) {
        window.history.pushState({ vae: query }, "", hrefFor(query, true));
      }
      document.title = titleOf(query);
    }
  }

  // The title of a screen of the navigation at once; the kernel's title otherwise (a review, say).
  function titleOf(query) {
    const item = model.get("items").find((i) => i.query === query);
    return (item && item.title) || model.get("title");
  }

  function onTitle() {
    if (model.get("sync_url")) document.title = titleOf(model.get("current"));
  }

  document.addEventListener("click", onClick);
  window.addEventListener("popstate", onPop);
  model.on("change:items", draw);
  model.on("change:current", onCurrent);
  model.on("change:title", onTitle);
  if (model.get("sync_url")) {
    document.documentElement.lang = "fr";
    document.documentElement.classList.add("vae-app-mode");
    const query = model.get("current");
    if (canonical(window.location.search) !== query) {
      window.history.replaceState({ vae: query }, "", hrefFor(query, true));
    }
    document.title = model.get("title");
  }
  draw();
  // The screens render after this widget: apply the visibility once they are in the page.
  const observer = new MutationObserver(() => showNow(model.get("current")));
  window.requestAnimationFrame(() => {
    const root = shell();
    if (root) observer.observe(root, { childList: true, subtree: true });
    showNow(model.get("current"));
    // The page is up: the kernel may now build the other screens ahead.
    window.setTimeout(() => model.send({ event: "ready" }), 300);
  });
  return () => {
    observer.disconnect();
    document.removeEventListener("click", onClick);
    window.removeEventListener("popstate", onPop);
  };
}

export default { render };
