// Relevance benchmark: the questions of questions.yaml asked of academie
// (`academie search --json`, the engine the browser runs) and of Pagefind
// (its JS API in headless Chromium, over an index Pagefind builds from the
// same HTML, as it is), side by side. Reports, per language and tool, how
// many questions have their expected page in the top 3 (and first), and
// how many get no answer at all.
//
//   node bench/relevance/run.js --site DIR [--academie BIN] [--questions FILE]
//        [--json FILE] [--md FILE] [--work DIR] [--skip-pagefind]
//        [--chromium /usr/bin/chromium]
//
// DIR is an academie build (`academie build -o DIR`); it is copied to WORK
// before Pagefind indexes it (Pagefind writes DIR/pagefind/). A Pagefind
// result is mapped to a page id by its URL (the URLs academie's index
// lists); results that are not pages (listings, home) count as misses.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const here = path.resolve(__dirname, '..', '..');

function args() {
  const a = {
    academie: path.join(here, 'target', 'release', 'academie'),
    questions: path.join(__dirname, 'questions.yaml'),
    work: path.join(os.tmpdir(), 'academie-relevance'),
    chromium: '/usr/bin/chromium',
  };
  const v = process.argv.slice(2);
  for (let i = 0; i < v.length; i++) {
    const k = v[i].replace(/^--/, '');
    if (k === 'skip-pagefind') a.skipPagefind = true;
    else a[k] = v[++i];
  }
  if (!a.site) {
    console.error('usage: node bench/relevance/run.js --site DIR [--academie BIN] [--json FILE] [--md FILE]');
    process.exit(2);
  }
  return a;
}

/// The questions: one `- {lang: .., q: "..", expect: id | [id, id]}` a line.
function readQuestions(file) {
  const out = [];
  for (const [i, line] of fs.readFileSync(file, 'utf8').split('\n').entries()) {
    const t = line.trim();
    if (!t.startsWith('- {')) continue;
    const m = t.match(/^- \{lang: (\w+), q: "((?:[^"\\]|\\.)*)", expect: (\[[^\]]*\]|[\w\-/]+)\}$/);
    if (!m) throw new Error(`${file}:${i + 1}: cannot read ${t}`);
    const expect = m[3].startsWith('[')
      ? m[3].slice(1, -1).split(',').map((s) => s.trim()).filter(Boolean)
      : [m[3]];
    out.push({ lang: m[1], q: JSON.parse(`"${m[2]}"`), expect });
  }
  return out;
}

function academie(a, lang, q, limit = 10) {
  const r = spawnSync(a.academie, ['search', q, '--json', '--lang', lang, '--site', a.site, '--limit', String(limit)], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`academie search ${JSON.stringify(q)}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/// URL path (trailing slash, no index.html) → page id, from academie's own
/// listing of every indexed page.
function urlMap(a, lang) {
  const m = new Map();
  for (const h of academie(a, lang, '', 100000)) m.set(normalise(h.url), h.id);
  return m;
}

function normalise(u) {
  let p = new URL(u, 'http://x').pathname.replace(/index\.html$/, '');
  if (!p.endsWith('/')) p += '/';
  return decodeURIComponent(p);
}

async function pagefindAnswers(a, questions) {
  const site = path.join(a.work, 'site');
  fs.rmSync(site, { recursive: true, force: true });
  fs.mkdirSync(a.work, { recursive: true });
  fs.cpSync(a.site, site, { recursive: true });
  const bin = path.join(here, 'bench', 'node_modules', '.bin', 'pagefind');
  const r = spawnSync(bin, ['--site', site], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pagefind: ${r.stderr || r.stdout}`);
  const version = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const { serve } = require(path.join(here, 'bench', 'serve'));
  const { chromium } = require(path.join(here, 'bench', 'node_modules', 'playwright-core'));
  const server = await serve(site);
  const browser = await chromium.launch({
    executablePath: a.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
  const answers = new Map();
  try {
    for (const lang of [...new Set(questions.map((x) => x.lang))]) {
      const page = await (await browser.newContext()).newPage();
      // Pagefind picks the index of the page's language.
      await page.goto(`${server.url}/${lang}/`, { waitUntil: 'load' });
      const qs = questions.filter((x) => x.lang === lang).map((x) => x.q);
      const urls = await page.evaluate(async (qs) => {
        const pf = await import('/pagefind/pagefind.js');
        const out = [];
        for (const q of qs) {
          const res = await pf.search(q);
          const data = await Promise.all(res.results.slice(0, 10).map((r) => r.data()));
          out.push({ total: res.results.length, urls: data.map((d) => d.url) });
        }
        return out;
      }, qs);
      qs.forEach((q, i) => answers.set(`${lang}\u0000${q}`, urls[i]));
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return { version, answers };
}

function score(rows) {
  const n = rows.length;
  const top3 = rows.filter((r) => r.rank >= 1 && r.rank <= 3).length;
  const first = rows.filter((r) => r.rank === 1).length;
  const empty = rows.filter((r) => r.total === 0).length;
  return { n, top3, first, empty, top3_pct: n ? Math.round((1000 * top3) / n) / 10 : 0 };
}

async function main() {
  const a = args();
  a.site = path.resolve(a.site);
  const questions = readQuestions(a.questions);
  const maps = {};
  for (const lang of new Set(questions.map((x) => x.lang))) maps[lang] = urlMap(a, lang);
  const rows = [];
  for (const x of questions) {
    const hits = academie(a, x.lang, x.q);
    const ids = hits.map((h) => h.id);
    const rank = ids.findIndex((id) => x.expect.includes(id)) + 1;
    rows.push({ tool: 'academie', lang: x.lang, q: x.q, expect: x.expect, ids: ids.slice(0, 3), rank, total: ids.length });
  }
  let pagefindVersion = null;
  if (!a.skipPagefind) {
    const pf = await pagefindAnswers(a, questions);
    pagefindVersion = pf.version;
    for (const x of questions) {
      const r = pf.answers.get(`${x.lang}\u0000${x.q}`);
      const ids = r.urls.map((u) => maps[x.lang].get(normalise(u)) || normalise(u));
      const rank = ids.findIndex((id) => x.expect.includes(id)) + 1;
      rows.push({ tool: 'pagefind', lang: x.lang, q: x.q, expect: x.expect, ids: ids.slice(0, 3), rank, total: r.total });
    }
  }
  const summary = {};
  for (const tool of ['academie', 'pagefind']) {
    for (const lang of [...new Set(questions.map((x) => x.lang)), 'all']) {
      const rs = rows.filter((r) => r.tool === tool && (lang === 'all' || r.lang === lang));
      if (rs.length) summary[`${tool}/${lang}`] = score(rs);
    }
  }
  const result = { site: a.site, questions: questions.length, pagefind: pagefindVersion, summary, rows };
  if (a.json) fs.writeFileSync(a.json, JSON.stringify(result, null, 1));
  const lines = [];
  lines.push('| tool | language | questions | expected page in top 3 | first | no answer |');
  lines.push('|---|---|---:|---:|---:|---:|');
  for (const [k, s] of Object.entries(summary)) {
    const [tool, lang] = k.split('/');
    const name = tool === 'pagefind' ? `Pagefind ${pagefindVersion || ''}`.trim() : 'academie';
    lines.push(`| ${name} | ${lang} | ${s.n} | ${s.top3} (${s.top3_pct} %) | ${s.first} | ${s.empty} |`);
  }
  lines.push('');
  lines.push('Misses (expected page not in the top 3):');
  lines.push('');
  for (const r of rows.filter((r) => !(r.rank >= 1 && r.rank <= 3))) {
    lines.push(`- ${r.tool} ${r.lang} "${r.q}": expected ${r.expect.join(' or ')}, got ${r.total ? r.ids.join(', ') : 'nothing'}${r.rank ? ` (rank ${r.rank})` : ''}`);
  }
  const md = lines.join('\n') + '\n';
  if (a.md) fs.writeFileSync(a.md, md);
  process.stdout.write(md);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
