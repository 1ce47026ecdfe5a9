// Static file server for the browser tests: serves a built site on
// 127.0.0.1 with HTTP Range support (the search engine reads its index with
// Range requests) and logs every request with the bytes sent.
import { createServer } from "node:http";
import { stat, open } from "node:fs/promises";
import { extname, join, normalize } from "node:path";

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

export async function serve(root, port = 0) {
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
      if (!st) {
        entry.status = 404;
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("not found");
        return;
      }
      let start = 0;
      let end = st.size - 1;
      let status = 200;
      const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range || "");
      if (m) {
        start = Number(m[1]);
        end = m[2] ? Math.min(Number(m[2]), st.size - 1) : st.size - 1;
        status = 206;
      }
      const len = Math.max(0, end - start + 1);
      const headers = {
        "content-type": TYPES[extname(file)] || "application/octet-stream",
        "content-length": len,
        "accept-ranges": "bytes",
        "cache-control": "no-cache",
      };
      if (status === 206) headers["content-range"] = `bytes ${start}-${end}/${st.size}`;
      const fh = await open(file);
      const buf = Buffer.alloc(len);
      await fh.read(buf, 0, len, start);
      await fh.close();
      entry.status = status;
      entry.bytes = len;
      res.writeHead(status, headers);
      res.end(req.method === "HEAD" ? undefined : buf);
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
