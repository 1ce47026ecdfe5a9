// Browser test of the search pages a learner sees, on the bundled catalogue
// (`academie build` of this repository), in Debian's headless Chromium:
// - the header's result list opens under its field, on a desktop and on a
//   phone, inside the screen;
// - its "see all N results" link opens the search page, where "show more"
//   reaches all N results (the same N as `academie search`), no duplicate;
// - on the search page the results come first and the facets after them
//   (collapsed on a phone), and there is one search field;
// - the language switcher carries the query and the filters, and the other
//   language drops a filter it does not know;
// - without JavaScript the search page offers a working form, the listings
//   and the site map.
//
//   node --test tests/browser/search-page.test.mjs       (builds the site)
//   SITE_DIR=/path/to/built/site node --test tests/browser/search-page.test.mjs
//   ACADEMIE=/path/to/academie (default: target/release/academie if built,
//   else `cargo run`) answers the command-line searches; SITE_ROOT names the
//   catalogue SITE_DIR was built from (default: this repository).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { serve } from "./server.mjs";
import { buildSite, CHROMIUM, CHROMIUM_ARGS, repo, keepOnHost } from "./support.mjs";

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 740 };
// A query with many results on the bundled catalogue (more than a page of
// the search page, PAGE = 20 in search-ui.js).
const BROAD = "ia";

let site, server, browser;
const outside = [];
const errors = [];

before(async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}`);
  site = buildSite(repo, "academie-search-page-site-");
  server = await serve(site.dir);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
  site?.cleanup();
});

/** A new page in a new context; requests elsewhere than our server are refused and recorded. */
async function open(options = {}) {
  const context = await browser.newContext({ viewport: DESKTOP, ...options });
  await keepOnHost(context, server.url, outside);
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    // (Chromium asks for /favicon.ico, which the site does not have.)
    if (m.type() === "error" && !m.location().url.endsWith("/favicon.ico")) errors.push(m.text());
  });
  return page;
}

/** `academie search --json` on the built site: the same engine as the browser. */
function cli(query, lang, facets = [], limit = 1000) {
  const release = join(repo, "target/release/academie");
  const bin = process.env.ACADEMIE || (existsSync(release) ? release : null);
  const args = ["search", "--site", site.dir, "--lang", lang, "--json", "--limit", String(limit)];
  for (const f of facets) args.push("--facet", f);
  args.push(query);
  const out = bin
    ? execFileSync(bin, args, { encoding: "utf8" })
    : execFileSync("cargo", ["run", "--quiet", "--", ...args], { cwd: repo, encoding: "utf8" });
  return JSON.parse(out);
}

/** Waits until the search of `form` has answered `text` (window.academieSearch). */
const settled = (page, text) =>
  page.waitForFunction((t) => {
    const q = window.academieSearch && window.academieSearch.queries;
    return q && q.length && q[q.length - 1].text === t;
  }, text, { timeout: 30000 });

for (const [name, viewport] of [["desktop", DESKTOP], ["phone", PHONE]]) {
  test(`header results open under their field (${name})`, async () => {
    const page = await open({ viewport });
    await page.goto(`${server.url}/fr/`);
    const input = page.locator("#site-search-q");
    await input.focus();
    await input.pressSequentially(BROAD, { delay: 40 });
    const list = page.locator("#site-search-results");
    await list.locator("li.search-hit").first().waitFor({ timeout: 20000 });
    await settled(page, BROAD);
    const field = await input.boundingBox();
    const box = await list.boundingBox();
    assert.ok(box.y >= field.y + field.height - 1, `list top ${box.y} above the field's bottom ${field.y + field.height}`);
    assert.ok(box.x >= 0 && box.x + box.width <= viewport.width, `list ${box.x}..${box.x + box.width} outside 0..${viewport.width}`);
    // The field stays visible and usable: nothing covers its centre.
    const onTop = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.id, [field.x + field.width / 2, field.y + field.height / 2]);
    assert.equal(onTop, "site-search-q");
    await page.context().close();
  });
}

test("every result is reachable: the header's 'see all N' and the search page's 'show more'", async () => {
  const page = await open();
  await page.goto(`${server.url}/fr/`);
  const input = page.locator("#site-search-q");
  await input.focus();
  await input.pressSequentially(BROAD, { delay: 40 });
  await settled(page, BROAD);
  const all = page.locator("#site-search-results li.search-all a");
  await all.waitFor({ timeout: 20000 });
  const n = Number((await all.textContent()).match(/(\d+)/)[1]);
  const expected = cli(BROAD, "fr");
  assert.equal(n, expected.length, "the header's count is the engine's");
  assert.ok(n > 20, `"${BROAD}" has ${n} results: too few to need a second page`);
  await Promise.all([page.waitForURL(/\/fr\/recherche\/\?q=ia$/), all.click()]);
  const hits = page.locator("[data-search-page-results] li.search-hit");
  await hits.first().waitFor({ timeout: 20000 });
  assert.match(await page.locator("[data-search-page-status]").textContent(), new RegExp(`^${n} résultats`));
  const more = page.locator("[data-search-more]");
  let clicks = 0;
  while (await more.isVisible()) {
    const before = await hits.count();
    await more.click();
    await page.waitForFunction((b) => document.querySelectorAll("[data-search-page-results] li.search-hit").length > b, before)
      .catch(async (e) => {
        const q = await page.evaluate(() => JSON.stringify([document.querySelectorAll("[data-search-page-results] li.search-hit").length, window.academieSearch.queries]));
        throw new Error(`show more after ${before}: ${q}: ${e.message}`);
      });
    // Focus goes to the first new result.
    const focusedHref = await page.evaluate(() => document.activeElement.getAttribute("href"));
    assert.equal(focusedHref, await hits.nth(before).locator("a").getAttribute("href"));
    assert.ok(++clicks < 50);
  }
  const urls = await hits.locator("a.search-hit-title").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  assert.equal(urls.length, n, `${urls.length} results shown of ${n}`);
  assert.equal(new Set(urls).size, n, "a result is shown twice");
  assert.deepEqual([...urls].sort(), expected.map((h) => h.url).sort());
  // Back from a result: as many results as before.
  await Promise.all([page.waitForURL((u) => !u.pathname.includes("recherche")), hits.last().locator("a").click()]);
  await page.goBack();
  await page.waitForFunction((k) => document.querySelectorAll("[data-search-page-results] li.search-hit").length === k, n, { timeout: 20000 })
    .catch(async (e) => {
      const state = await page.evaluate(() => [location.href, JSON.stringify(history.state), document.querySelectorAll("[data-search-page-results] li.search-hit").length]);
      throw new Error(`back from a result: ${state.join(" ")}: ${e.message}`);
    });
  await page.context().close();
});

for (const [name, viewport] of [["desktop", DESKTOP], ["phone", PHONE]]) {
  test(`search page: one field, results first, facets after them (${name})`, async () => {
    const page = await open({ viewport });
    await page.goto(`${server.url}/fr/recherche/?q=${BROAD}`);
    const hits = page.locator("[data-search-page-results] li.search-hit");
    await hits.first().waitFor({ timeout: 20000 });
    await page.locator("[data-search-facets] details.facet").first().waitFor();
    const fields = await page.locator("input[type=search]").evaluateAll((els) => els.filter((e) => e.offsetParent).length);
    assert.equal(fields, 1, "the search page has more than one search field");
    const first = await hits.first().boundingBox();
    assert.ok(first.y < viewport.height, `the first result starts at ${first.y} px, below the first screen`);
    const order = await page.evaluate(() => {
      const list = document.querySelector("[data-search-page-results]");
      const facets = document.querySelector("[data-search-facets]");
      return list.compareDocumentPosition(facets) & Node.DOCUMENT_POSITION_FOLLOWING;
    });
    assert.ok(order, "the facets come before the results in the page");
    const groups = page.locator("[data-search-facets] details.facet");
    const opened = await groups.evaluateAll((ds) => ds.filter((d) => d.open).length);
    const facets = await page.locator("[data-search-facets]").boundingBox();
    if (viewport === PHONE) {
      const last = await page.locator("[data-search-more-box]").boundingBox();
      assert.ok(facets.y >= last.y + last.height, "on a phone the facets are under the results");
      assert.equal(opened, 0, "on a phone the facet groups are collapsed");
      // A group opens, and a value filters.
      await groups.first().locator("summary").click();
      await groups.first().locator("input[type=checkbox]").first().check();
      await page.waitForURL(/type=/);
    } else {
      assert.ok(facets.y < viewport.height, "on a desktop the facets are beside the results");
      assert.ok(facets.x > first.x + first.width - 1, "on a desktop the facets are right of the results");
      assert.equal(opened, await groups.count(), "on a desktop the facet groups are open");
    }
    await page.context().close();
  });
}

test("the language switcher keeps the query and the filters the other language knows", async () => {
  const page = await open();
  // "maintenance" in the industry sector has results in both languages;
  // sector=nulle-part exists in none.
  await page.goto(`${server.url}/fr/recherche/?q=maintenance&sector=industrie&sector=nulle-part`);
  await page.locator("[data-search-page-results] li.search-hit").first().waitFor({ timeout: 20000 });
  await page.waitForURL((u) => !u.search.includes("nulle-part"));
  const en = page.locator(".lang-switcher a[hreflang=en]");
  assert.equal(new URL(await en.getAttribute("href"), server.url).search, "?q=maintenance&sector=industrie");
  await Promise.all([page.waitForURL(/\/en\/search\/\?q=maintenance&sector=industrie$/), en.click()]);
  await page.locator("[data-search-page-results] li.search-hit").first().waitFor({ timeout: 20000 });
  assert.equal(await page.locator("#search-page-q").inputValue(), "maintenance");
  assert.equal(await page.locator("#f-sector-industrie").isChecked(), true);
  const shown = await page.locator("[data-search-page-results] li.search-hit").count();
  assert.equal(shown, cli("maintenance", "en", ["sector=industrie"]).length);
  // A query typed here goes along too.
  const back = page.locator(".lang-switcher a[hreflang=fr]");
  await page.locator("#search-page-q").fill("data");
  await settled(page, "data");
  assert.equal(new URL(await back.getAttribute("href"), server.url).search, "?q=data&sector=industrie");
  await page.context().close();
});

test("without JavaScript the search page offers the form, the listings and the site map", async () => {
  const page = await open({ javaScriptEnabled: false });
  await page.goto(`${server.url}/fr/recherche/?q=rgpd`);
  const form = page.locator("main form[role=search]");
  assert.equal(await form.getAttribute("method"), "get");
  assert.equal(await form.locator("input[name=q]").count(), 1);
  assert.equal(await page.locator("input[type=search]").count(), 1, "one search field");
  const notice = page.locator(".search-noscript");
  assert.ok(await notice.isVisible(), "no message for a browser without JavaScript");
  assert.match(await notice.textContent(), /JavaScript/);
  const links = await notice.locator("a").evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
  for (const path of ["/fr/formations/", "/fr/cas-usage/", "/fr/ambassadeurs/", "/fr/plan-du-site/"]) {
    assert.ok(links.includes(path), `${path} not offered: ${links.join(", ")}`);
  }
  for (const path of links) {
    const res = await page.request.get(server.url + path);
    assert.equal(res.status(), 200, path);
  }
  // The form works: it opens the search page with the query.
  await form.locator("input[name=q]").fill("prompt");
  await Promise.all([page.waitForURL(/\/fr\/recherche\/\?q=prompt$/), form.locator("button").click()]);
  await page.context().close();
});

test("fictional pages are labelled as such in the results", async (t) => {
  // French pages whose front matter says `fictional: true`.
  const marked = [];
  for (const dir of ["ambassadors", "use-cases"]) {
    const root = join(process.env.SITE_ROOT || repo, "content", dir);
    if (!existsSync(root)) continue;
    for (const f of readdirSync(root)) {
      if (!f.endsWith(".md") || f.endsWith(".en.md")) continue;
      const front = readFileSync(join(root, f), "utf8").split(/^---$/m)[1] || "";
      if (/^fictional:\s*true\s*$/m.test(front)) marked.push(`${dir}/${f.slice(0, -3)}`);
    }
  }
  const hits = cli("", "fr").filter((h) => h.fictional);
  if (!marked.length) {
    t.skip("no page of this catalogue is fictional");
    return;
  }
  assert.deepEqual(hits.map((h) => h.id).sort(), marked.sort(), "the index's fictional pages are not those of the content");
  const page = await open();
  const hit = hits[0];
  await page.goto(`${server.url}/fr/recherche/?q=${encodeURIComponent(hit.title)}`);
  const item = page.locator("[data-search-page-results] li.search-hit", {
    has: page.locator(`a[href="${hit.url}"]`),
  });
  await item.first().waitFor({ timeout: 20000 });
  const label = await item.first().locator(".search-hit-fictional").textContent();
  assert.equal(label, hit.type === "ambassadors" ? "Profil fictif" : "Cas fictif");
  await page.context().close();
});

test("no request left 127.0.0.1, no script error", () => {
  assert.deepEqual(outside, []);
  assert.deepEqual(errors, []);
});
