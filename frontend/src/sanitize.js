// ipywidgets sanitizes the HTML of descriptions (description_allow_html) with sanitize-html, which brings an HTML
// parser, a CSS parser and the entity tables into the page: a quarter of its script, evaluated at every load.
// The browser already parses HTML: DOMPurify filters what it parsed. Same call and same allow-lists as
// @jupyter-widgets/base-manager's default_inline_sanitize, which is the only caller (build.mjs points it here).
import DOMPurify from "dompurify";

export default function sanitize(html, { allowedTags = [], allowedAttributes = {} } = {}) {
  const names = new Set(Object.values(allowedAttributes).flat().filter((name) => !name.includes("*")));
  const anyAria = Object.values(allowedAttributes).flat().includes("aria-*");
  return DOMPurify.sanitize(String(html), {
    ALLOWED_TAGS: allowedTags,
    ALLOWED_ATTR: [...names],
    ALLOW_ARIA_ATTR: anyAria,
    ALLOW_DATA_ATTR: false,
  });
}
