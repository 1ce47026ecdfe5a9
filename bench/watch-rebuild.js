// Watch-mode latency: starts a preview server (`academie serve` or
// `hugo server`), edits one page's Markdown and measures the time until the
// served page shows the edit (polling the page every 5 ms).
//
//   node watch-rebuild.js --port P --file CONTENT.md --url /fr/x/ [--runs 5] [--json FILE] -- CMD ARGS…
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const http = require('http');

function get(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.setTimeout(2000, () => { req.destroy(); });
  });
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null;
};

async function main() {
  const argv = process.argv.slice(2);
  const dd = argv.indexOf('--');
  const opts = { runs: 5 };
  for (let i = 0; i < dd; i += 2) opts[argv[i].replace(/^--/, '')] = argv[i + 1];
  const cmd = argv.slice(dd + 1);
  if (dd < 0 || !opts.port || !opts.file || !opts.url || !cmd.length) {
    console.error('usage: node watch-rebuild.js --port P --file F.md --url /path/ [--runs N] [--json F] -- CMD ARGS...');
    process.exit(2);
  }
  const base = `http://127.0.0.1:${opts.port}`;
  const original = fs.readFileSync(opts.file, 'utf8');
  const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], detached: false });
  let stderr = '';
  child.stderr.on('data', (c) => { stderr += c; });
  const t0 = Date.now();
  const results = [];
  let startup = null;
  try {
    // Ready when the page answers 200 (the first full build is done).
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited: ${stderr.slice(-2000)}`);
      const r = await get(base + opts.url);
      if (r.status === 200) break;
      if (Date.now() - t0 > 600000) throw new Error('server not ready after 600 s');
      await sleep(50);
    }
    startup = Date.now() - t0;
    await sleep(1500); // let the watcher settle
    for (let run = 0; run < Number(opts.runs); run++) {
      const marker = `benchmark-edit-${process.pid}-${run}-${Date.now()}`;
      const edited = original.replace(/\n*$/, `\n\nParagraphe modifié ${marker}.\n`);
      const start = process.hrtime.bigint();
      fs.writeFileSync(opts.file, edited);
      let ms = null;
      for (;;) {
        const r = await get(base + opts.url);
        if (r.body.includes(marker)) { ms = Number(process.hrtime.bigint() - start) / 1e6; break; }
        if (Number(process.hrtime.bigint() - start) / 1e6 > 60000) break;
        await sleep(5);
      }
      results.push(ms);
      fs.writeFileSync(opts.file, original);
      await sleep(1500);
    }
  } finally {
    fs.writeFileSync(opts.file, original);
    child.kill('SIGINT');
    await sleep(500);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  const out = { command: cmd.join(' '), startup_ms: startup, runs_ms: results, median_ms: median(results.filter((x) => x !== null)) };
  if (opts.json) fs.writeFileSync(opts.json, JSON.stringify(out, null, 2));
  console.log(`${cmd[0]}: first build served after ${startup} ms; one-page edit visible after ${out.median_ms?.toFixed(0)} ms (median of ${results.length}: ${results.map((x) => (x === null ? 'timeout' : x.toFixed(0))).join(', ')})`);
}

main().catch((e) => { console.error(e.message); process.exit(1); });
