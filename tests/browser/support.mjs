// What the browser tests share: where the repository is, Debian's Chromium
// with the flags this machine needs (without the background-networking
// ones, its connections are refused by the closed network), and a site
// built with `academie build` to serve.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, "../..");
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

// Builds the site at `root` into a new temporary folder (`prefix` names
// it), or takes the built site SITE_DIR names. Returns the folder and how
// to remove it.
export function buildSite(root, prefix, stdio = ["ignore", "ignore", "inherit"]) {
  if (process.env.SITE_DIR) return { dir: resolve(process.env.SITE_DIR), cleanup: () => {} };
  const out = mkdtempSync(join(tmpdir(), prefix));
  execFileSync("cargo", ["run", "--quiet", "--", "build", "--root", root, "--output", out], {
    cwd: repo,
    stdio,
  });
  return { dir: out, cleanup: () => rmSync(out, { recursive: true, force: true }) };
}

// Lets `context` reach only the test server (and data:/blob: URLs): any
// other request is aborted and its URL pushed to `outside`, which a test
// then requires to be empty (the published site calls no third party).
export async function keepOnHost(context, serverUrl, outside) {
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(serverUrl + "/") || url.startsWith("data:") || url.startsWith("blob:")) {
      return route.continue();
    }
    outside.push(url);
    return route.abort();
  });
}
