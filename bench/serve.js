// A tiny static file server for the benchmark: serves a built site on
// 127.0.0.1, gzips text types as a production server would (cached in
// memory), answers HTTP Range requests, and counts the bytes it sends per
// request so the browser measurement does not depend on DevTools accounting.
//
//   node serve.js DIR [PORT]            (stand-alone)
//   const { serve } = require('./serve'); const s = await serve(dir);
//   s.url, s.reset(), s.log (list of {path, status, bytes}), await s.close()
'use strict';

const http = require('http');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
};
// Compressed on the fly when the browser accepts gzip. Pagefind's index
// files (.pf_*) are already gzipped by Pagefind; search index files
// fetched by byte range are sent as they are.
const COMPRESS = new Set(['.html', '.css', '.js', '.mjs', '.json', '.xml', '.svg', '.wasm', '.txt']);

function serve(root, port = 0) {
  root = path.resolve(root);
  const gzCache = new Map();
  const log = [];
  const server = http.createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = path.join(root, rel);
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    fs.stat(file, (err, st) => {
      if (!err && st.isDirectory()) {
        file = path.join(file, 'index.html');
        st = fs.existsSync(file) ? fs.statSync(file) : null;
      } else if (err) {
        st = null;
      }
      if (!st) {
        const body = Buffer.from('not found');
        log.push({ path: rel, status: 404, bytes: body.length });
        res.writeHead(404, { 'content-type': 'text/plain' }).end(body);
        return;
      }
      const ext = path.extname(file);
      const headers = {
        'content-type': TYPES[ext] || 'application/octet-stream',
        'accept-ranges': 'bytes',
        'cache-control': 'no-cache',
      };
      const range = req.headers.range && /^bytes=(\d*)-(\d*)$/.exec(req.headers.range);
      let body = fs.readFileSync(file);
      let status = 200;
      if (range) {
        const size = body.length;
        let start = range[1] === '' ? size - Number(range[2]) : Number(range[1]);
        let end = range[1] === '' || range[2] === '' ? size - 1 : Number(range[2]);
        end = Math.min(end, size - 1);
        if (start > end || start < 0) {
          res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
          log.push({ path: rel, status: 416, bytes: 0 });
          return;
        }
        body = body.subarray(start, end + 1);
        headers['content-range'] = `bytes ${start}-${end}/${size}`;
        status = 206;
      } else if (COMPRESS.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
        if (!gzCache.has(file)) gzCache.set(file, zlib.gzipSync(body, { level: 9 }));
        body = gzCache.get(file);
        headers['content-encoding'] = 'gzip';
        headers['vary'] = 'accept-encoding';
      }
      headers['content-length'] = body.length;
      log.push({ path: rel, status, bytes: body.length, range: req.headers.range || null });
      res.writeHead(status, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    });
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${server.address().port}`;
      resolve({
        url,
        log,
        reset() { log.length = 0; },
        bytes(filter = () => true) { return log.filter(filter).reduce((a, r) => a + r.bytes, 0); },
        close() { return new Promise((r) => server.close(r)); },
      });
    });
  });
}

module.exports = { serve };

if (require.main === module) {
  const [dir, port] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node serve.js DIR [PORT]');
    process.exit(2);
  }
  serve(dir, Number(port || 8080)).then((s) => console.log(`serving ${dir} on ${s.url}`));
}
