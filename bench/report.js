// Benchmark bookkeeping for scripts/bench.
//
//   node report.js sizes DIR [SEARCH_GLOB_DIR…] > sizes.json
//       bytes and file count of a built site; for an academie build, the
//       search module (*.wasm, worker and UI scripts under the output) raw,
//       gzip and brotli; for a Pagefind index, the same for pagefind/.
//   node report.js table RESULTS_DIR
//       reads times.tsv, sizes-*.json, browser-*.json, search-*.json,
//       watch-*.json in
//       RESULTS_DIR; writes results.json and results.md (the tables of
//       docs/benchmark.md) and prints results.md.
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

function compressed(files) {
  let raw = 0; let gz = 0; let br = 0;
  for (const f of files) {
    const b = fs.readFileSync(f);
    raw += b.length;
    gz += zlib.gzipSync(b, { level: 9 }).length;
    br += zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return { files: files.map((f) => path.basename(f)), raw, gzip: gz, brotli: br };
}

function sizes(dir) {
  const files = walk(dir);
  const html = files.filter((f) => f.endsWith('.html'));
  const out = {
    dir,
    files: files.length,
    bytes: files.reduce((s, f) => s + fs.statSync(f).size, 0),
    html_files: html.length,
  };
  const pf = path.join(dir, 'pagefind');
  if (fs.existsSync(pf)) {
    const pfFiles = walk(pf);
    out.search = {
      kind: 'pagefind',
      files: pfFiles.length,
      bytes: pfFiles.reduce((s, f) => s + fs.statSync(f).size, 0),
      // The engine a browser loads: JS API + worker + wasm of one language (fr).
      module: compressed(pfFiles.filter((f) => /pagefind(-worker)?\.js$|wasm\.fr\.pagefind$/.test(f))),
    };
  }
  // academie: the search folder and the wasm module (names are content-hashed).
  const wasm = files.filter((f) => f.endsWith('.wasm'));
  const searchDirs = fs.readdirSync(dir).filter((d) => /search/.test(d) && fs.statSync(path.join(dir, d)).isDirectory());
  if (wasm.length || searchDirs.length) {
    const sFiles = searchDirs.flatMap((d) => walk(path.join(dir, d)));
    const perLang = {};
    for (const f of sFiles) {
      const lang = path.relative(dir, f).split(path.sep)[1];
      if (/^[a-z]{2}$/.test(lang)) perLang[lang] = (perLang[lang] || 0) + 1;
    }
    const moduleFiles = [...new Set([...wasm, ...sFiles.filter((f) => /\.(wasm|js)$/.test(f))])];
    out.search = {
      kind: 'academie',
      dirs: searchDirs,
      files: sFiles.length,
      files_per_language: perLang,
      bytes: sFiles.reduce((s, f) => s + fs.statSync(f).size, 0),
      module: compressed(moduleFiles),
    };
  }
  return out;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null;
};
const readJson = (f) => (fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8')) : null);
const fmtS = (x) => (x == null ? '—' : `${x.toFixed(2)} s`);
const fmtMB = (kb) => (kb == null ? '—' : `${(kb / 1024).toFixed(0)} MB`);
const fmtBytes = (b) => (b == null ? '—' : b >= 1048576 ? `${(b / 1048576).toFixed(1)} MiB` : `${(b / 1024).toFixed(1)} KiB`);
const ratio = (a, b) => (a && b ? `${(b / a).toFixed(2)}×` : '—');

function table(dir) {
  const rows = fs.readFileSync(path.join(dir, 'times.tsv'), 'utf8').trim().split('\n').slice(1)
    .map((l) => l.split('\t')).map(([tool, pages, run, wall, user, sys, rss]) => ({
      tool, pages: Number(pages), run: Number(run), wall: Number(wall), cpu: Number(user) + Number(sys), rss: Number(rss),
    }));
  const meta = readJson(path.join(dir, 'meta.json')) || {};
  const sizesList = [...new Set(rows.map((r) => r.pages))].sort((a, b) => a - b);
  const res = { meta, sizes: {} };
  for (const n of sizesList) {
    const m = {};
    for (const tool of ['academie', 'hugo', 'pagefind']) {
      const rs = rows.filter((r) => r.tool === tool && r.pages === n);
      if (!rs.length) continue;
      m[tool] = { runs: rs.length, wall: median(rs.map((r) => r.wall)), cpu: median(rs.map((r) => r.cpu)), rss_kb: median(rs.map((r) => r.rss)), walls: rs.map((r) => r.wall) };
    }
    if (m.hugo && m.pagefind) {
      m['hugo+pagefind'] = { wall: m.hugo.wall + m.pagefind.wall, cpu: m.hugo.cpu + m.pagefind.cpu, rss_kb: Math.max(m.hugo.rss_kb, m.pagefind.rss_kb) };
    }
    m.sizes = {
      academie: readJson(path.join(dir, `sizes-academie-${n}.json`)),
      hugo: readJson(path.join(dir, `sizes-hugo-${n}.json`)),
    };
    m.browser = {};
    for (const f of fs.readdirSync(dir).filter((x) => x.startsWith(`browser-`) && x.endsWith(`-${n}.json`))) {
      const j = readJson(path.join(dir, f));
      m.browser[`${j.tool}/${j.mode}`] = j;
    }
    // search-<lang>-<encoding>-<tool>-<mode>-<n>.json: the first query in
    // another language or from a gzip-only host.
    m.variants = {};
    for (const f of fs.readdirSync(dir).filter((x) => x.startsWith('search-') && x.endsWith(`-${n}.json`))) {
      const [, lang, enc] = f.split('-');
      const j = readJson(path.join(dir, f));
      m.variants[`${lang} ${enc} ${j.tool}/${j.mode}`] = j;
    }
    m.watch = {};
    for (const t of ['academie', 'hugo']) {
      const j = readJson(path.join(dir, `watch-${t}-${n}.json`));
      if (j) m.watch[t] = j;
    }
    res.sizes[n] = m;
  }
  fs.writeFileSync(path.join(dir, 'results.json'), JSON.stringify(res, null, 2));

  let md = '';
  md += `Machine: ${meta.cpu || '?'}, ${meta.nproc || '?'} cores, ${meta.mem || '?'} RAM; ${meta.os || ''}\n`;
  md += `Versions: academie ${meta.academie || '?'}, Hugo ${meta.hugo || '?'}, Pagefind ${meta.pagefind || '?'}, Chromium ${meta.chromium || '?'}; ${meta.date || ''}\n\n`;
  md += '### Full build (median of runs; wall clock, CPU = user + system, peak RSS)\n\n';
  md += '| pages | tool | runs | wall | CPU | peak RSS | Hugo wall ÷ this | (Hugo + Pagefind) wall ÷ this |\n|---:|---|---:|---:|---:|---:|---:|---:|\n';
  for (const n of sizesList) {
    const m = res.sizes[n];
    for (const tool of ['academie', 'hugo', 'pagefind', 'hugo+pagefind']) {
      const t = m[tool];
      if (!t) continue;
      md += `| ${n.toLocaleString('en')} | ${tool} | ${t.runs || ''} | ${fmtS(t.wall)} | ${fmtS(t.cpu)} | ${fmtMB(t.rss_kb)} | ${tool === 'academie' ? ratio(t.wall, m.hugo && m.hugo.wall) : ''} | ${tool === 'academie' ? ratio(t.wall, m['hugo+pagefind'] && m['hugo+pagefind'].wall) : ''} |\n`;
    }
  }
  md += '\n### Output\n\n| pages | tool | HTML files | all files | bytes | search files | search bytes | search module raw / gzip / brotli |\n|---:|---|---:|---:|---:|---:|---:|---|\n';
  for (const n of sizesList) {
    for (const tool of ['academie', 'hugo']) {
      const s = res.sizes[n].sizes[tool];
      if (!s) continue;
      const sr = s.search;
      md += `| ${n.toLocaleString('en')} | ${tool === 'hugo' ? 'hugo + pagefind' : tool} | ${s.html_files} | ${s.files} | ${fmtBytes(s.bytes)} | ${sr ? sr.files : '—'} | ${sr ? fmtBytes(sr.bytes) : '—'} | ${sr ? `${fmtBytes(sr.module.raw)} / ${fmtBytes(sr.module.gzip)} / ${fmtBytes(sr.module.brotli)}` : '—'} |\n`;
    }
  }
  const anyBrowser = sizesList.some((n) => Object.keys(res.sizes[n].browser).length);
  if (anyBrowser) {
    md += '\n### Search in headless Chromium (first two-word French query, cold cache; then 12 more queries after each cold run)\n\n| pages | engine | downloaded for the first query | requests | first result, cold (median) | next queries median / p95 | requests leaving 127.0.0.1 |\n|---:|---|---:|---:|---:|---:|---:|\n';
    for (const n of sizesList) {
      for (const [k, j] of Object.entries(res.sizes[n].browser)) {
        const err = j.cold.find((c) => c.error);
        if (err && j.cold_ms_median == null) {
          md += `| ${n.toLocaleString('en')} | ${k} | ${fmtBytes(j.cold_bytes_median)} | ${j.cold_requests_median} | no result: “${err.error.slice(0, 80)}” | — | ${j.outside_requests.length} |\n`;
          continue;
        }
        md += `| ${n.toLocaleString('en')} | ${k} | ${fmtBytes(j.cold_bytes_median)} | ${j.cold_requests_median} | ${j.cold_ms_median == null ? '—' : j.cold_ms_median.toFixed(0) + ' ms'} | ${j.warm_ms_median == null ? '—' : j.warm_ms_median.toFixed(1)} / ${j.warm_ms_p95 == null ? '—' : j.warm_ms_p95.toFixed(1)} ms | ${j.outside_requests.length} |\n`;
      }
    }
  }
  const anyVariant = sizesList.some((n) => Object.keys(res.sizes[n].variants).length);
  if (anyVariant) {
    md += '\n### The first query in English ("food waste") and from a host that only gzips\n\n| pages | language | encoding | engine | downloaded for the first query | requests | first result, cold (median) | next queries median / p95 |\n|---:|---|---|---|---:|---:|---:|---:|\n';
    for (const n of sizesList) {
      for (const [k, j] of Object.entries(res.sizes[n].variants).sort()) {
        const [lang, enc, engine] = k.split(' ');
        const ms = (x, d) => (x == null ? '—' : x.toFixed(d));
        md += `| ${n.toLocaleString('en')} | ${lang} | ${enc} | ${engine} | ${fmtBytes(j.cold_bytes_median)} | ${j.cold_requests_median} | ${ms(j.cold_ms_median, 0)} ms | ${ms(j.warm_ms_median, 1)} / ${ms(j.warm_ms_p95, 1)} ms |\n`;
      }
    }
  }
  const anyWatch = sizesList.some((n) => Object.keys(res.sizes[n].watch).length);
  if (anyWatch) {
    md += '\n### Watch mode: one page edited, until the served page shows the edit\n\n| pages | server | first build served | one-page rebuild (median) | runs |\n|---:|---|---:|---:|---|\n';
    for (const n of sizesList) {
      for (const [k, j] of Object.entries(res.sizes[n].watch)) {
        md += `| ${n.toLocaleString('en')} | ${k} | ${(j.startup_ms / 1000).toFixed(1)} s | ${j.median_ms == null ? '—' : j.median_ms.toFixed(0) + ' ms'} | ${j.runs_ms.map((x) => (x == null ? 'timeout' : x.toFixed(0))).join(', ')} |\n`;
      }
    }
  }
  fs.writeFileSync(path.join(dir, 'results.md'), md);
  process.stdout.write(md);
}

const [cmd, ...rest] = process.argv.slice(2);
if (cmd === 'sizes') process.stdout.write(JSON.stringify(sizes(rest[0]), null, 2) + '\n');
else if (cmd === 'table') table(rest[0]);
else {
  console.error('usage: node report.js sizes DIR | table RESULTS_DIR');
  process.exit(2);
}
