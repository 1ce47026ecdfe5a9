// Keyboard-only use of the bundled catalogue (issue 7), in Debian's headless
// Chromium: the skip link comes first and moves focus to <main>; every tab
// stop shows a visible focus indicator; the language switcher and the
// search field are reached with Tab and work with the keyboard alone
// (typing shows results, ArrowDown/ArrowUp move through them, Escape closes
// them, Enter opens the search page; Space toggles a facet there). Also: no
// request leaves 127.0.0.1 and no cookie is set.
//
//   node --test tests/browser/keyboard.test.mjs         (builds the site with cargo)
//   SITE_DIR=/path/to/built/site node --test tests/browser/keyboard.test.mjs

import { existsSync } from "node:fs";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { serve } from "./server.mjs";
import { buildSite, CHROMIUM, CHROMIUM_ARGS, repo, keepOnHost } from "./support.mjs";

const MAX_TABS = 60;


let site, server, browser, context, page;
const outside = [];
const errors = [];

before(async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}`);
  site = buildSite(repo, "academie-keyboard-site-");
  server = await serve(site.dir);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  context = await browser.newContext();
  await keepOnHost(context, server.url, outside);
  page = await context.newPage();
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
  site?.cleanup();
});

/** What has focus: tag, id, classes, text, href, and whether a focus ring shows. */
const focused = () =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const cs = getComputedStyle(el);
    const ring =
      (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0) ||
      (cs.boxShadow && cs.boxShadow !== "none");
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      cls: el.className && typeof el.className === "string" ? el.className : "",
      text: (el.textContent || "").trim().slice(0, 40),
      href: el.getAttribute("href"),
      hreflang: el.getAttribute("hreflang"),
      inMain: !!el.closest("main"),
      ring,
    };
  });

/** Waits until the results shown are those of `text` (no render pending). */
async function settled(text) {
  await page.waitForFunction((t) => {
    const q = window.academieSearch && window.academieSearch.queries;
    return q && q.length && q[q.length - 1].text === t;
  }, text, { timeout: 20000 });
  await page.waitForTimeout(200);
}

/** Presses Tab from the top of the page until `match` holds; returns the stops. */
async function tabUntil(match) {
  const stops = [];
  for (let i = 0; i < MAX_TABS; i++) {
    await page.keyboard.press("Tab");
    const f = await focused();
    stops.push(f);
    if (f && match(f)) return stops;
  }
  assert.fail(`not reached in ${MAX_TABS} Tab presses; stops: ${stops.map((s) => s && (s.id || s.text || s.tag)).join(" | ")}`);
}

async function fresh(path) {
  await page.goto(server.url + path);
  await page.waitForLoadState("networkidle");
}

test("Tab first reaches the skip link, which moves focus to main", async () => {
  for (const path of ["/fr/", "/en/", "/fr/formations/", "/en/use-cases/"]) {
    await fresh(path);
    await page.keyboard.press("Tab");
    const first = await focused();
    assert.ok(first && /skip-link/.test(first.cls), `${path}: first tab stop is ${JSON.stringify(first)}`);
    assert.ok(first.ring, `${path}: the skip link shows no focus indicator`);
    assert.ok(await page.locator("a.skip-link").isVisible(), `${path}: the focused skip link is not visible`);
    await page.keyboard.press("Enter");
    const target = first.href.slice(1);
    const now = await page.evaluate(() => ({ id: document.activeElement.id, tag: document.activeElement.tagName }));
    assert.deepEqual(now, { id: target, tag: "MAIN" }, `${path}: focus after the skip link`);
    // The next Tab continues inside main, not back at the header.
    await page.keyboard.press("Tab");
    const next = await focused();
    assert.ok(next && next.inMain, `${path}: after the skip link, Tab went to ${JSON.stringify(next)}`);
  }
});

test("every tab stop of the header shows a focus indicator", async () => {
  await fresh("/fr/");
  const stops = await tabUntil((f) => f.inMain);
  const bare = stops.filter((s) => s && !s.ring);
  assert.deepEqual(bare, [], "tab stops without a visible focus indicator");
});

test("the language switcher is reached and followed with the keyboard", async () => {
  await fresh("/fr/formations/");
  await tabUntil((f) => f.tag === "a" && f.hreflang === "en");
  await Promise.all([page.waitForURL(/\/en\/modules\/$/), page.keyboard.press("Enter")]);
  assert.equal(await page.getAttribute("html", "lang"), "en");
  await tabUntil((f) => f.tag === "a" && f.hreflang === "fr");
  await Promise.all([page.waitForURL(/\/fr\/formations\/$/), page.keyboard.press("Enter")]);
  assert.equal(await page.getAttribute("html", "lang"), "fr");
});

test("the header search works with the keyboard alone", async () => {
  await fresh("/fr/");
  await tabUntil((f) => f.id === "site-search-q");
  await page.keyboard.type("prompt", { delay: 30 });
  const list = page.locator("#site-search-results");
  await list.locator("li.search-hit a").first().waitFor({ timeout: 20000 });
  await settled("prompt");
  const n = await list.locator("li.search-hit a").count();
  assert.ok(n >= 1);
  // The status region announces the number of results.
  assert.match(await page.locator("#site-search-status").textContent(), /résultat/);

  await page.keyboard.press("ArrowDown");
  let f = await focused();
  assert.match(f.cls, /search-hit-title/, JSON.stringify(f));
  assert.ok(f.ring, "a focused result shows no focus indicator");
  if (n > 1) {
    await page.keyboard.press("ArrowDown");
    f = await focused();
    assert.equal(f.href, await list.locator("li.search-hit a").nth(1).getAttribute("href"));
  }
  await page.keyboard.press("ArrowUp");
  if (n > 1) {
    f = await focused();
    assert.equal(f.href, await list.locator("li.search-hit a").first().getAttribute("href"));
    await page.keyboard.press("ArrowUp");
  }
  assert.equal((await focused()).id, "site-search-q", "ArrowUp from the first result returns to the field");

  await page.keyboard.press("Escape");
  assert.equal(await list.isHidden(), true, "Escape closes the results");
  assert.equal((await focused()).id, "site-search-q");

  // Enter on a result follows it.
  // (Escape in a type=search field also clears it, natively.)
  await page.keyboard.press("End");
  await page.keyboard.type("prompts", { delay: 30 });
  await list.locator("li.search-hit a").first().waitFor({ timeout: 20000 });
  await settled("prompts");
  await page.keyboard.press("ArrowDown");
  const href = (await focused()).href;
  await Promise.all([page.waitForURL((u) => u.pathname === href), page.keyboard.press("Enter")]);
});

test("Enter in the header search opens the search page; Space toggles a facet", async () => {
  await fresh("/en/");
  await tabUntil((f) => f.id === "site-search-q");
  await page.keyboard.type("prompt", { delay: 30 });
  await Promise.all([page.waitForURL(/\/en\/search\/\?q=prompt/), page.keyboard.press("Enter")]);
  const results = page.locator("[data-search-page-results] li.search-hit");
  await results.first().waitFor({ timeout: 20000 });
  const before = await results.count();
  assert.equal(await page.locator("main input[type=search]").inputValue(), "prompt");

  // Tab from the field reaches a facet checkbox; Space toggles it.
  await page.locator("main input[type=search]").focus();
  let box = null;
  for (let i = 0; i < MAX_TABS && !box; i++) {
    await page.keyboard.press("Tab");
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      return el && el.type === "checkbox" ? { id: el.id, checked: el.checked } : null;
    });
    if (f) box = f;
  }
  assert.ok(box, "no facet checkbox reached with Tab");
  assert.equal(box.checked, false);
  await page.keyboard.press("Space");
  await page.waitForURL((u) => u.search.includes("="), { timeout: 10000 });
  assert.equal(await page.locator(`#${box.id}`).isChecked(), true);
  assert.equal((await focused())?.id, box.id, "focus stays on the toggled facet");
  await page.waitForFunction(
    (n) => document.querySelectorAll("[data-search-page-results] li.search-hit").length <= n,
    before,
  );
});

test("no request left 127.0.0.1, no cookie, no script error", async () => {
  assert.deepEqual(outside, []);
  assert.deepEqual(await context.cookies(), []);
  assert.deepEqual(errors, []);
});
