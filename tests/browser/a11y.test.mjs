// Accessibility audit of the bundled catalogue (issue 7): axe-core, WCAG 2.1
// A and AA rules (tags wcag2a, wcag2aa, wcag21a, wcag21aa), in Debian's
// headless Chromium driven by playwright-core, over every page type, in
// French and English, in light and dark colour schemes. Zero violations
// allowed. Also: no request leaves 127.0.0.1, no cookie is set, no script
// or Content-Security-Policy error in the console.
//
//   node --test tests/browser/a11y.test.mjs            (builds the site with cargo)
//   SITE_DIR=/path/to/built/site node --test tests/browser/a11y.test.mjs
//
// axe runs through page.evaluate (the DevTools protocol), so the pages keep
// their strict Content-Security-Policy during the audit.

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { serve } from "./server.mjs";
import { buildSite, CHROMIUM, CHROMIUM_ARGS, here, repo, keepOnHost } from "./support.mjs";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const AXE = readFileSync(join(here, "node_modules/axe-core/axe.min.js"), "utf8");


// Folder names of the bundled catalogue, per language.
const SECTIONS = {
  fr: {
    modules: "formations", useCases: "cas-usage", ambassadors: "ambassadeurs",
    free: "a-propos", siteMap: "plan-du-site", search: "recherche", query: "prompt",
  },
  en: {
    modules: "modules", useCases: "use-cases", ambassadors: "ambassadors",
    free: "about", siteMap: "sitemap", search: "search", query: "prompt",
  },
};

const isDir = (p) => existsSync(p) && statSync(p).isDirectory();
const subdirs = (p) => readdirSync(p).filter((n) => isDir(join(p, n))).sort();

/** Every page type of one language, as [name, url path]. */
function pagesOf(root, lang) {
  const s = SECTIONS[lang];
  const list = [["home", `/${lang}/`]];
  const page2 = [];
  for (const key of ["modules", "useCases", "ambassadors"]) {
    const dir = join(root, lang, s[key]);
    assert.ok(isDir(dir), `no listing ${dir}`);
    list.push([`${key} listing`, `/${lang}/${s[key]}/`]);
    // A page folder holds only index.html; a facet folder holds one folder per key.
    const names = subdirs(dir);
    const page = names.find((n) => subdirs(join(dir, n)).length === 0 && !/^\d+$/.test(n));
    const facet = names.find((n) => subdirs(join(dir, n)).length > 0 && !/^(page|\d+)$/.test(n));
    assert.ok(page, `no page under ${dir}`);
    list.push([`${key} page`, `/${lang}/${s[key]}/${page}/`]);
    if (facet) {
      const key2 = subdirs(join(dir, facet))[0];
      list.push([`${key} facet`, `/${lang}/${s[key]}/${facet}/${key2}/`]);
    }
    for (const p of ["page/2", "2"]) {
      if (existsSync(join(dir, p, "index.html"))) page2.push([`${key} page 2`, `/${lang}/${s[key]}/${p}/`]);
    }
  }
  list.push(...page2);
  list.push(["free page", `/${lang}/${s.free}/`]);
  list.push(["site map", `/${lang}/${s.siteMap}/`]);
  list.push(["search with results", `/${lang}/${s.search}/`, s.query]);
  if (lang === "fr") list.push(["404", "/404.html"]);
  else if (existsSync(join(root, lang, "404.html"))) list.push(["404", `/${lang}/404.html`]);
  return { list, hasPage2: page2.length > 0 };
}

let site, server, browser;
const outside = [];
const consoleErrors = [];
const summary = [];

before(async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}`);
  site = buildSite(repo, "academie-a11y-site-");
  server = await serve(site.dir);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
  site?.cleanup();
  if (summary.length) {
    console.log(`\naxe-core ${JSON.parse(readFileSync(join(here, "node_modules/axe-core/package.json"))).version}, ` +
      `tags ${TAGS.join(", ")}: ${summary.length} audits`);
    const incomplete = summary.filter((s) => s.incomplete.length);
    for (const s of incomplete) console.log(`  needs review: ${s.name}: ${s.incomplete.join(", ")}`);
  }
});

async function newContext(colorScheme) {
  const context = await browser.newContext({ colorScheme });
  await keepOnHost(context, server.url, outside);
  return context;
}

/** Runs axe on the page; returns readable violations. */
async function audit(page) {
  await page.evaluate(AXE);
  const r = await page.evaluate(
    (tags) => window.axe.run(document, {
      runOnly: { type: "tag", values: tags },
      resultTypes: ["violations", "incomplete"],
    }),
    TAGS,
  );
  const violations = r.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help}\n` +
    v.nodes.slice(0, 5).map((n) => `      ${n.target.join(" ")}: ${n.failureSummary.replace(/\n\s*/g, "; ")}`).join("\n"));
  return { violations, incomplete: r.incomplete.map((i) => i.id) };
}

test("control: the audit does report a known violation", async () => {
  const context = await newContext("light");
  const page = await context.newPage();
  await page.setContent('<html><head><title>x</title></head><body><main><h1>x</h1><img src="/x.png"></main></body></html>');
  const { violations } = await audit(page);
  await context.close();
  assert.ok(violations.some((v) => v.startsWith("html-has-lang")), violations.join("\n"));
  assert.ok(violations.some((v) => v.startsWith("image-alt")), violations.join("\n"));
});

for (const lang of ["fr", "en"]) {
  for (const colorScheme of ["light", "dark"]) {
    describe(`axe WCAG 2.1 AA, ${lang}, ${colorScheme}`, () => {
      let context;
      before(async () => {
        context = await newContext(colorScheme);
      });
      after(async () => {
        const cookies = await context.cookies();
        await context.close();
        assert.deepEqual(cookies, [], "cookies were set");
      });

      test("every page type has zero violations", async (t) => {
        const { list, hasPage2 } = pagesOf(site.dir, lang);
        if (!hasPage2) t.diagnostic("no listing of this build has a page 2 (listings are not paginated): not audited");
        const failures = [];
        for (const [name, path, query] of list) {
          await t.test(`${name} ${path}`, async () => {
            const page = await context.newPage();
            page.on("console", (m) => {
              if (m.type() === "error") consoleErrors.push(`${lang} ${colorScheme} ${path}: ${m.text()}`);
            });
            page.on("pageerror", (e) => consoleErrors.push(`${lang} ${colorScheme} ${path}: ${e}`));
            const res = await page.goto(server.url + path);
            assert.ok(res.ok(), `${path}: HTTP ${res.status()}`);
            await page.waitForLoadState("networkidle");
            if (query) {
              const input = page.locator("main input[type=search]");
              await input.focus();
              await input.pressSequentially(query, { delay: 20 });
              await page.locator("[data-search-page-results] li.search-hit").first().waitFor({ timeout: 20000 });
              await page.waitForLoadState("networkidle");
            }
            const { violations, incomplete } = await audit(page);
            summary.push({ name: `${lang} ${colorScheme} ${name}`, violations, incomplete });
            await page.close();
            if (violations.length) failures.push(`${path}`);
            assert.deepEqual(violations, [], `${path} (${lang}, ${colorScheme}):\n    ${violations.join("\n    ")}`);
          });
        }
        assert.deepEqual(failures, []);
      });
    });
  }
}

test("no request left 127.0.0.1, no console or CSP error", { concurrency: false }, () => {
  assert.deepEqual(outside, [], "requests to other hosts");
  assert.deepEqual(consoleErrors, [], "console errors (a CSP violation shows here)");
});
