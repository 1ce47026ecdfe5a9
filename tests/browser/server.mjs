// Static file server for the browser tests: serves a built site on
// 127.0.0.1 with HTTP Range support (the search engine reads its index with
// Range requests) and logs every request with the bytes sent.
import { createServer } from "node:http";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { stat, open } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { rangeAnswer } from "./ranges.mjs";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".xml": "application/xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
  ".txt": "text/plain; charset=utf-8",
};

// options.multi: false answers a multi-range request with the whole file
// (see ranges.mjs). options.encoding: "br" or "gzip" compresses whole
// answers of text types and wasm in that encoding when the browser accepts
// it, as a production host does (by default nothing is compressed, as from
// a storage bucket). options.refuse: paths matching this RegExp answer 403,
// as from a host that serves only the file types it knows.
const COMPRESSED = /^(text\/|application\/(json|xml|wasm)|image\/svg)/;
export async function serve(root, port = 0, options = {}) {
  const log = [];
  const server = createServer(async (req, res) => {
    const entry = { url: req.url, range: req.headers.range || null, status: 0, bytes: 0 };
    log.push(entry);
    try {
      const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
      let file = normalize(join(root, path));
      if (!file.startsWith(normalize(root))) throw new Error("outside root");
      let st = await stat(file).catch(() => null);
      if (st && st.isDirectory()) {
        file = join(file, "index.html");
        st = await stat(file).catch(() => null);
      }
      if (options.refuse && options.refuse.test(path)) {
        entry.status = 403;
        res.writeHead(403, { "content-type": "text/plain" });
        res.end("forbidden");
        return;
      }
      if (!st) {
        entry.status = 404;
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("not found");
        return;
      }
      const type = TYPES[extname(file)] || "application/octet-stream";
      const read = async (start, len) => {
        const fh = await open(file);
        try {
          const buf = Buffer.alloc(len);
          await fh.read(buf, 0, len, start);
          return buf;
        } finally {
          await fh.close();
        }
      };
      const answer = (await rangeAnswer(req.headers.range, st.size, type, read, options)) || {
        status: 200,
        headers: { "content-type": type },
        body: await read(0, st.size),
      };
      const accepts = (req.headers["accept-encoding"] || "").split(/\s*,\s*/).map((e) => e.split(";")[0]);
      if (answer.status === 200 && options.encoding && accepts.includes(options.encoding) && COMPRESSED.test(type)) {
        answer.body = options.encoding === "br" ? brotliCompressSync(answer.body) : gzipSync(answer.body);
        answer.headers = { ...answer.headers, "content-encoding": options.encoding, vary: "accept-encoding" };
      }
      entry.encoding = answer.headers["content-encoding"] || null;
      entry.status = answer.status;
      entry.bytes = answer.body.length;
      res.writeHead(answer.status, {
        ...answer.headers,
        "content-length": answer.body.length,
        "accept-ranges": "bytes",
        "cache-control": "no-cache",
      });
      res.end(req.method === "HEAD" ? undefined : answer.body);
    } catch (e) {
      entry.status = 500;
      res.writeHead(500);
      res.end(String(e));
    }
  });
  await new Promise((r) => server.listen(port, "127.0.0.1", r));
  const { port: p } = server.address();
  return {
    url: `http://127.0.0.1:${p}`,
    log,
    close: () => new Promise((r) => server.close(r)),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const s = await serve(process.argv[2] || "public", Number(process.argv[3] || 8080));
  console.log(`serving ${process.argv[2] || "public"} on ${s.url}`);
}
