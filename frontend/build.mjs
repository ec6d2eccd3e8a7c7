// Builds the app's page (src/) into vae_toolkit/app/page/voila/templates/vae-app/static: one script, one
// stylesheet, the icon font, and the list of the bundled packages with their licences.
// `npm ci && npm run build`; the result is committed, and tests/test_app_page.py checks it matches the sources.
import { build } from "esbuild";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

const outdir = process.argv[2] ?? "../vae_toolkit/app/page/voila/templates/vae-app/static";

// anywidget's package is an AMD module (`define(["@jupyter-widgets/base"], factory)`): hand its factory over as an
// ES module's default export instead.
const anywidgetAsModule = {
  name: "anywidget-as-module",
  setup(b) {
    b.onLoad({ filter: /anywidget[\\/]dist[\\/]index\.js$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const amd = 'define(["@jupyter-widgets/base"], widget_default);';
      if (!source.includes(amd)) {
        throw new Error("anywidget: the AMD definition this build expects is not there any more");
      }
      return { contents: source.replace(amd, "export default widget_default;"), loader: "js" };
    });
  },
};

const result = await build({
  entryPoints: { app: "src/index.js" },
  bundle: true,
  minify: true,
  format: "iife",
  target: ["chrome100", "firefox100", "safari15"],
  outdir,
  loader: { ".woff2": "file" },
  assetNames: "[name]",
  legalComments: "none",
  metafile: true,
  define: { "process.env.NODE_ENV": '"production"' },
  alias: { "sanitize-html": "./src/sanitize.js" },
  plugins: [anywidgetAsModule],
  logLevel: "warning",
});

// Every package whose code or font is in the output, with its version and licence.
const packages = new Map();
for (const output of Object.values(result.metafile.outputs)) {
  for (const input of Object.keys(output.inputs)) {
    const found = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g);
    if (!found) continue;
    const dir = found.map((part) => part).join("").replace(/\/$/, "");
    const meta = JSON.parse(await readFile(path.join(dir, "package.json"), "utf8"));
    packages.set(`${meta.name}@${meta.version}`, meta.license ?? JSON.stringify(meta.licenses ?? "voir le paquet"));
  }
}
const lines = [...packages].sort(([a], [b]) => a.localeCompare(b)).map(([name, licence]) => `${name}\t${licence}`);
await writeFile(path.join(outdir, "THIRD-PARTY-LICENSES.txt"),
  "Bundled in app.js, app.css and fa-solid-900.woff2 (built from frontend/ by build.mjs):\n" + lines.join("\n") + "\n");
