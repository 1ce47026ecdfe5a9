// The quiz component (issue 15, SPEC-15 §2) in Debian's headless Chromium:
// a ```quiz block of a module page is a list of <details> answers that the
// keyboard alone opens (Tab to an answer, Enter or Space), that work with
// JavaScript disabled, and that axe-core finds clean (WCAG 2.1 A and AA,
// light and dark, answers closed and open). Also: an invented ambassador's
// label is visible in the directory, and the pages that show labels of
// invented people and cases or a learning path are axe-clean. No request
// leaves 127.0.0.1.
//
//   node --test tests/browser/quiz.test.mjs   (builds a fixture site with cargo)
//
// The site: tests/fixtures/site plus one module with a quiz (French and
// English), the ambassador lea-petit and the use case mairie marked
// `fictional: true`.

import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { serve } from "./server.mjs";
import { CHROMIUM, CHROMIUM_ARGS, here, repo, keepOnHost } from "./support.mjs";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const AXE = readFileSync(join(here, "node_modules/axe-core/axe.min.js"), "utf8");

const MODULE_FR = `---
title: "Premiers pas avec un quiz"
summary: "Un module court, avec un quiz."
audiences: [salaries]
level: decouverte
duration_minutes: 20
format: en-ligne
objectives: ["Répondre à un quiz"]
updated: 2026-06-01
---

## Testez-vous

\`\`\`quiz
? Quelle est la *première* étape d'un projet ?
- [ ] Acheter un outil
  > Non : l'outil se choisit après le besoin.
- [x] Définir le besoin
  > Oui : un besoin précis guide tout le reste.
- [ ] Recruter
  > Pas encore : voir [les bases](@/modules/bases-de-l-ia).

? Deuxième question
- [x] Vrai
  > Bien vu.
- [ ] Faux
  > Non.
\`\`\`

## Pour aller plus loin

Un paragraphe après le quiz.
`;

const MODULE_EN = `---
title: "First steps with a quiz"
summary: "A short module, with a quiz."
audiences: [salaries]
level: decouverte
duration_minutes: 20
format: en-ligne
objectives: ["Answer a quiz"]
updated: 2026-06-01
---

## Check yourself

\`\`\`quiz
? Which comes first?
- [ ] Buying a tool
  > No: the tool comes after the need.
- [x] Defining the need
  > Yes: a precise need guides the rest.
\`\`\`
`;

const FR = "/fr/formations/premier-pas/";
const EN = "/en/modules/premier-pas/";

let root, out, server, browser;
const outside = [];

/** Adds `fictional: true` to a content file's front matter. */
function markFictional(rel) {
  const p = join(root, rel);
  writeFileSync(p, readFileSync(p, "utf8").replace(/^---\n/, "---\nfictional: true\n"));
}

before(async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}`);
  root = mkdtempSync(join(tmpdir(), "academie-quiz-site-"));
  cpSync(join(repo, "tests/fixtures/site"), root, { recursive: true });
  symlinkSync(join(repo, "themes"), join(root, "themes"));
  writeFileSync(join(root, "content/modules/premier-pas.md"), MODULE_FR);
  writeFileSync(join(root, "content/modules/premier-pas.en.md"), MODULE_EN);
  markFictional("content/ambassadors/lea-petit.md");
  markFictional("content/ambassadors/lea-petit.en.md");
  markFictional("content/use-cases/mairie.md");
  markFictional("content/use-cases/mairie.en.md");
  out = join(root, "_out");
  execFileSync("cargo", ["run", "--quiet", "--", "build", "--root", root, "--output", out], {
    cwd: repo,
    stdio: ["ignore", "ignore", "inherit"],
  });
  server = await serve(out);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

async function newContext(options = {}) {
  const context = await browser.newContext(options);
  await keepOnHost(context, server.url, outside);
  return context;
}

/** Each answer of the page: its text, whether it is open, and its feedback if shown. */
const answers = (page) =>
  page.$$eval("section.quiz details.quiz-option", (list) =>
    list.map((d) => {
      const fb = d.querySelector(".quiz-feedback");
      // A closed <details> hides its content (content-visibility), which
      // checkVisibility() sees and offsetHeight does not.
      const shown = !!fb && fb.checkVisibility() && fb.getClientRects().length > 0;
      return {
        text: d.querySelector("summary").textContent.trim(),
        open: d.open,
        feedback: shown ? fb.innerText.replace(/\s+/g, " ").trim() : null,
      };
    }));

/** Presses Tab until an answer of the quiz has focus; returns its text. */
async function tabToAnswer(page, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const hit = await page.evaluate(() => {
      const el = document.activeElement;
      return el && el.matches("section.quiz summary") ? el.textContent.trim() : null;
    });
    if (hit) return hit;
  }
  throw new Error(`no quiz answer reached in ${max} Tab presses`);
}

async function audit(page) {
  await page.evaluate(AXE);
  const r = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
    TAGS,
  );
  return r.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help}\n` +
    v.nodes.slice(0, 5).map((n) => `      ${n.target.join(" ")}: ${n.failureSummary.replace(/\n\s*/g, "; ")}`).join("\n"));
}

test("the keyboard alone opens an answer and shows its feedback", async () => {
  const context = await newContext();
  const page = await context.newPage();
  await page.goto(server.url + FR);
  const before = await answers(page);
  assert.equal(before.length, 5);
  assert.ok(before.every((a) => !a.open && a.feedback === null), "answers start closed, feedback hidden");

  assert.equal(await tabToAnswer(page), "Acheter un outil");
  // A visible focus indicator on the answer.
  const ring = await page.evaluate(() => {
    const cs = getComputedStyle(document.activeElement);
    return cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0;
  });
  assert.ok(ring, "the focused answer shows a focus ring");
  await page.keyboard.press("Enter");
  let now = await answers(page);
  assert.equal(now[0].open, true);
  assert.match(now[0].feedback, /^✗ Mauvaise réponse Non : l’outil se choisit après le besoin\.$/);
  assert.equal(now[1].feedback, null, "other answers stay closed");

  // Tab moves to the next answer (the link of an open feedback comes later);
  // Space opens it too.
  await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => document.activeElement.textContent.trim());
  assert.equal(focused, "Définir le besoin");
  await page.keyboard.press("Space");
  now = await answers(page);
  assert.match(now[1].feedback, /^✓ Bonne réponse Oui : un besoin précis guide tout le reste\.$/);
  // Enter again closes it.
  await page.keyboard.press("Enter");
  now = await answers(page);
  assert.equal(now[1].open, false);
  await context.close();
});

test("answers open without JavaScript", async () => {
  const context = await newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url + EN);
  await page.locator("section.quiz summary", { hasText: "Defining the need" }).click();
  let now = await answers(page);
  assert.match(now[1].feedback, /^✓ Right answer Yes: a precise need guides the rest\.$/);
  // And by keyboard as well.
  await page.locator("section.quiz summary", { hasText: "Buying a tool" }).focus();
  await page.keyboard.press("Enter");
  now = await answers(page);
  assert.match(now[0].feedback, /^✗ Wrong answer No: the tool comes after the need\.$/);
  await context.close();
});

describe("axe-core finds the quiz page clean", () => {
  for (const colorScheme of ["light", "dark"]) {
    for (const path of [FR, EN]) {
      test(`${path} ${colorScheme}, answers closed then open`, async () => {
        const context = await newContext({ colorScheme });
        const page = await context.newPage();
        await page.goto(server.url + path);
        assert.deepEqual(await audit(page), [], "closed");
        await page.$$eval("details.quiz-option", (list) => list.forEach((d) => { d.open = true; }));
        assert.deepEqual(await audit(page), [], "open");
        await context.close();
      });
    }
  }
});

test("the directory marks an invented ambassador, visibly", async () => {
  const context = await newContext();
  const page = await context.newPage();
  await page.goto(server.url + "/fr/ambassadeurs/");
  const card = page.locator("article.card", { has: page.locator('a[href="/fr/ambassadeurs/lea-petit/"]') });
  await assert.doesNotReject(card.locator(".label-fictional", { hasText: "Profil fictif" }).waitFor({ state: "visible", timeout: 5000 }));
  await context.close();
});

// The other pages issue 15 changed: labels of invented people and cases,
// the learning path of an audience, the "En bref" box.
describe("axe-core finds the pages with labels and learning paths clean", () => {
  const pages = [
    "/fr/ambassadeurs/", "/en/ambassadors/", "/fr/ambassadeurs/lea-petit/",
    "/fr/cas-usage/mairie/", "/en/use-cases/town-hall/", "/fr/", "/fr/plan-du-site/",
    "/fr/formations/public/salaries/", "/en/modules/audience/agents-publics/",
    "/fr/formations/prompts-avances/",
  ];
  for (const colorScheme of ["light", "dark"]) {
    test(colorScheme, async () => {
      const context = await newContext({ colorScheme });
      const page = await context.newPage();
      const failures = [];
      for (const path of pages) {
        const res = await page.goto(server.url + path);
        assert.ok(res.ok(), `${path}: HTTP ${res.status()}`);
        const v = await audit(page);
        if (v.length) failures.push(`${path}:\n    ${v.join("\n    ")}`);
      }
      await context.close();
      assert.deepEqual(failures, []);
    });
  }
});

test("no request left 127.0.0.1", () => {
  assert.deepEqual(outside, []);
});
