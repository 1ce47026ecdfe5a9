// HTTP Range answers for the test server (server.mjs) and the benchmark's
// (bench/serve.js), as nginx and Apache give them: one range is answered
// 206 with its Content-Range; several, 206 with a `multipart/byteranges`
// body, one part per range. `multi: false` makes a server of the other
// common kind, which answers a multi-range request with the whole file.

/** Ranges of a `Range` header as [start, end] (inclusive) pairs; null for
 * none or one to ignore; "unsatisfiable" if no range is inside the file. */
export function parseRanges(header, size) {
  const m = /^bytes=(.+)$/.exec(header || "");
  if (!m) return null;
  const out = [];
  for (const spec of m[1].split(",")) {
    const r = /^\s*(\d*)-(\d*)\s*$/.exec(spec);
    if (!r || (r[1] === "" && r[2] === "")) return null;
    const start = r[1] === "" ? Math.max(0, size - Number(r[2])) : Number(r[1]);
    const end = r[1] === "" || r[2] === "" ? size - 1 : Math.min(Number(r[2]), size - 1);
    if (r[1] !== "" && r[2] !== "" && Number(r[2]) < start) return null;
    if (start < size && start <= end) out.push([start, end]);
  }
  return out.length ? out : "unsatisfiable";
}

/** The answer to a range request: { status, headers, body } or null when
 * the whole file is to be sent. `read(start, len)` gives a Buffer. */
export async function rangeAnswer(header, size, type, read, { multi = true } = {}) {
  const ranges = parseRanges(header, size);
  if (ranges === null || (ranges.length > 1 && !multi)) return null;
  if (ranges === "unsatisfiable") {
    return { status: 416, headers: { "content-range": `bytes */${size}` }, body: Buffer.alloc(0) };
  }
  if (ranges.length === 1) {
    const [start, end] = ranges[0];
    return {
      status: 206,
      headers: { "content-type": type, "content-range": `bytes ${start}-${end}/${size}` },
      body: await read(start, end - start + 1),
    };
  }
  const boundary = `academie${Math.random().toString(16).slice(2)}`;
  const chunks = [];
  for (const [start, end] of ranges) {
    chunks.push(Buffer.from(`\r\n--${boundary}\r\nContent-Type: ${type}\r\nContent-Range: bytes ${start}-${end}/${size}\r\n\r\n`));
    chunks.push(await read(start, end - start + 1));
  }
  chunks.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return {
    status: 206,
    headers: { "content-type": `multipart/byteranges; boundary=${boundary}` },
    body: Buffer.concat(chunks),
  };
}
