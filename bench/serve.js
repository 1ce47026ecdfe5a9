// A tiny static file server for the benchmark: serves a built site on
// 127.0.0.1, compresses text types and wasm as a production static host
// does (brotli when the browser accepts it — Chromium does, also over
// http://127.0.0.1 — else gzip; compressed once and kept in memory, like a
// host serving precompressed files), answers HTTP Range requests (several
// ranges at once as multipart/byteranges, like nginx; never compressed),
// and counts the bytes it sends per request so the browser measurement
// does not depend on DevTools accounting. Both tools of the
// benchmark are served the same way. ENCODING=gzip disables brotli.
//
//   node serve.js DIR [PORT]            (stand-alone)
//   const { serve } = require('./serve'); const s = await serve(dir);
//   s.url, s.reset(), s.log (list of {path, status, bytes, range, t}), await s.close()
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
// Compressed when the browser accepts it. Pagefind's index files (.pf_*)
// are already gzipped by Pagefind; search index files (.bin) are sent as
// they are, like any binary file on a static host.
const COMPRESS = new Set(['.html', '.css', '.js', '.mjs', '.json', '.xml', '.svg', '.wasm', '.txt']);

function serve(root, port = 0) {
  root = path.resolve(root);
  const cache = new Map();
  const brotli = process.env.ENCODING !== 'gzip';
  const compress = (enc, file, mtimeMs, body) => {
    const key = `${enc} ${file} ${mtimeMs}`;
    if (!cache.has(key)) {
      cache.set(key, enc === 'br'
        ? zlib.brotliCompressSync(body, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          },
        })
        : zlib.gzipSync(body, { level: 9 }));
    }
    return cache.get(key);
  };
  // Scripts, styles and wasm are compressed before the first request
  // (a host serves them precompressed): compressing a module with brotli
  // -q 11 takes seconds, which must not count as download time.
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (['.js', '.mjs', '.css', '.wasm'].includes(path.extname(p))) {
        const st = fs.statSync(p);
        const body = fs.readFileSync(p);
        compress('gzip', p, st.mtimeMs, body);
        if (brotli) compress('br', p, st.mtimeMs, body);
      }
    }
  };
  walk(root);
  const log = [];
  // Range answers (one range, or multipart/byteranges for several, as
  // nginx gives them) are those of the browser tests' server.
  const ranges = import('../tests/browser/ranges.mjs');
  const server = http.createServer((req, res) => {
    // When the request came (epoch ms): a measurement can count only what
    // was asked for before some moment in the page.
    const t = Date.now();
    let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = path.join(root, rel);
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    fs.stat(file, async (err, st) => {
      if (!err && st.isDirectory()) {
        file = path.join(file, 'index.html');
        st = fs.existsSync(file) ? fs.statSync(file) : null;
      } else if (err) {
        st = null;
      }
      if (!st) {
        const body = Buffer.from('not found');
        log.push({ path: rel, status: 404, bytes: body.length, t });
        res.writeHead(404, { 'content-type': 'text/plain' }).end(body);
        return;
      }
      const ext = path.extname(file);
      const headers = {
        'content-type': TYPES[ext] || 'application/octet-stream',
        'accept-ranges': 'bytes',
        'cache-control': 'no-cache',
      };
      const read = (start, len) => {
        // Only the range is read (index files are large).
        const buf = Buffer.alloc(len);
        const fd = fs.openSync(file, 'r');
        try {
          fs.readSync(fd, buf, 0, len, start);
        } finally {
          fs.closeSync(fd);
        }
        return buf;
      };
      const { rangeAnswer } = await ranges;
      const answer = await rangeAnswer(req.headers.range, st.size, headers['content-type'], read);
      let body = null;
      let status = 200;
      if (answer) {
        ({ status, body } = answer);
        Object.assign(headers, answer.headers);
      } else {
        body = fs.readFileSync(file);
      }
      if (status === 200 && COMPRESS.has(ext)) {
        const accept = req.headers['accept-encoding'] || '';
        const enc = brotli && /\bbr\b/.test(accept) ? 'br' : /\bgzip\b/.test(accept) ? 'gzip' : null;
        if (enc) {
          body = compress(enc, file, st.mtimeMs, body);
          headers['content-encoding'] = enc;
        }
        headers['vary'] = 'accept-encoding';
      }
      headers['content-length'] = body.length;
      log.push({ path: rel, status, bytes: body.length, range: req.headers.range || null, t });
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
