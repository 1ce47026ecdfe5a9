// Search UI of the Académie theme. Loaded on every page (small); the worker,
// the wasm engine and the index are only fetched when a search field gets
// focus or the search page is opened.
//
// Safety (CSP, issue 7): no inline script or style; every text coming from
// the index is inserted with textContent, except `snippet_html`, which the
// engine HTML-escaped (its only markup is <mark>).

const FACET_ORDER = [
  "type", "audience", "level", "format", "sector", "region", "company_size",
  "ai_technique", "ambassador_kind", "funding",
];

let worker = null;
let ready = null;
let labels = {};
let seq = 0;
const waiting = new Map();
const stats = { queries: [] };
window.academieSearch = stats;

function startWorker(form) {
  if (ready) return ready;
  const css = form.dataset.searchCss;
  if (css && !document.querySelector("link[data-search-css]")) {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = css;
    link.dataset.searchCss = "";
    document.head.appendChild(link);
  }
  worker = new Worker(form.dataset.searchWorker, { type: "module" });
  ready = new Promise((resolve, reject) => {
    worker.onmessage = (e) => {
      const m = e.data;
      if (m.type === "ready") {
        labels = m.labels || {};
        stats.openMs = m.openMs;
        resolve();
      } else if (m.type === "error" && m.id === undefined) {
        reject(new Error(m.message));
      } else if (waiting.has(m.id)) {
        const { resolve: res, reject: rej } = waiting.get(m.id);
        waiting.delete(m.id);
        if (m.type === "error") rej(new Error(m.message));
        else res(m);
      }
    };
  });
  // The search page shows facet counts: its worker fetches the facet table
  // along with the index.
  worker.postMessage({
    type: "init",
    manifestUrl: form.dataset.searchIndex,
    facets: form.hasAttribute("data-search-page"),
  });
  return ready;
}

async function runQuery(form, query) {
  await startWorker(form);
  const id = ++seq;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    worker.postMessage({ type: "search", id, query });
  });
}

function label(facet, key) {
  return (labels[facet] && labels[facet][key]) || key;
}

function format(template, n) {
  return (template || "{n}").replace("{n}", String(n));
}

/** One controller per search form (header field, search page). */
class SearchBox {
  constructor(form) {
    this.form = form;
    this.page = form.hasAttribute("data-search-page");
    this.input = form.querySelector("[data-search-input]");
    this.status = this.page
      ? document.querySelector("[data-search-page-status]")
      : form.querySelector("[data-search-status]");
    this.results = this.page
      ? document.querySelector("[data-search-page-results]")
      : form.querySelector("[data-search-results]");
    this.facetsBox = form.querySelector("[data-search-facets]");
    this.limit = this.page ? 20 : 6;
    this.busy = false;
    this.pending = null;
    this.lastShown = null;
    this.typedAt = 0;
    this.pushTimer = 0;
    this.input.addEventListener("focus", () => startWorker(form), { once: true });
    this.input.addEventListener("input", () => {
      this.typedAt = performance.now();
      this.update(false);
    });
    form.addEventListener("keydown", (e) => this.keys(e));
    if (this.page) {
      form.addEventListener("submit", (e) => {
        e.preventDefault();
        this.update(true);
      });
      if (this.facetsBox) {
        this.facetsBox.addEventListener("change", () => this.update(true));
      }
      window.addEventListener("popstate", () => this.fromUrl());
      this.fromUrl();
    } else {
      document.addEventListener("click", (e) => {
        if (!form.contains(e.target)) this.close();
      });
    }
  }

  fromUrl() {
    const p = new URLSearchParams(location.search);
    this.input.value = p.get("q") || "";
    this.selected = {};
    for (const [k, v] of p) {
      if (k !== "q") (this.selected[k] = this.selected[k] || new Set()).add(v);
    }
    if (this.facetsBox) this.facetsBox.replaceChildren();
    this.typedAt = performance.now();
    this.update(null);
  }

  query() {
    const facets = {};
    if (this.page) {
      const sel = this.facetsBox ? this.checked() : this.selected || {};
      for (const k of Object.keys(sel)) if (sel[k].size) facets[k] = [...sel[k]];
    }
    // The header's list shows no facet counts: not asking for them spares
    // the download of the facet table.
    return { text: this.input.value, facets, limit: this.limit, counts: this.page };
  }

  checked() {
    const sel = {};
    if (!this.facetsBox.querySelector("input")) return this.selected || {};
    for (const c of this.facetsBox.querySelectorAll("input[type=checkbox]:checked")) {
      (sel[c.name] = sel[c.name] || new Set()).add(c.value);
    }
    this.selected = sel;
    return sel;
  }

  /** push: true = new history entry, false = replace while typing, null = no change. */
  update(push) {
    const q = this.query();
    if (this.page && push !== null) this.syncUrl(q, push);
    if (!this.page && !q.text.trim()) {
      this.close();
      return;
    }
    if (this.busy) {
      this.pending = q;
      return;
    }
    this.send(q);
  }

  syncUrl(q, push) {
    const p = new URLSearchParams();
    if (q.text) p.set("q", q.text);
    for (const [k, vs] of Object.entries(q.facets)) for (const v of vs) p.append(k, v);
    const url = `${location.pathname}${p.toString() ? `?${p}` : ""}`;
    if (url === location.pathname + location.search) return;
    clearTimeout(this.pushTimer);
    if (push) {
      history.pushState(null, "", url);
    } else {
      history.replaceState(null, "", url);
      // A pause in typing makes the query a history entry of its own.
      this.pushTimer = setTimeout(() => history.pushState(null, "", url), 1000);
    }
  }

  async send(q) {
    this.busy = true;
    const t0 = this.typedAt || performance.now();
    try {
      const m = await runQuery(this.form, q);
      this.render(q, m.results);
      stats.queries.push({
        text: q.text,
        engineMs: m.ms,
        shownMs: performance.now() - t0,
        fetched: m.fetched,
        requests: m.requests,
        syncRequests: m.syncRequests,
      });
    } catch (err) {
      this.say(this.form.dataset.i18nError || String(err));
    } finally {
      this.busy = false;
      if (this.pending) {
        const next = this.pending;
        this.pending = null;
        this.send(next);
      }
    }
  }

  say(text) {
    if (this.status) this.status.textContent = text;
  }

  close() {
    if (!this.page && this.results) {
      this.results.hidden = true;
    }
  }

  render(q, r) {
    const d = this.form.dataset;
    const list = this.results;
    list.replaceChildren();
    for (const hit of r.hits) {
      const li = document.createElement("li");
      li.className = "search-hit";
      const type = document.createElement("span");
      type.className = "search-hit-type";
      type.textContent = label("type", hit.kind);
      const a = document.createElement("a");
      a.href = hit.url;
      a.className = "search-hit-title";
      a.textContent = hit.title;
      const p = document.createElement("p");
      p.className = "search-hit-text";
      if (hit.snippet_html) {
        p.innerHTML = hit.snippet_html; // escaped by the engine; only <mark>
      } else {
        p.textContent = hit.summary;
      }
      li.append(type, " ", a, p);
      list.append(li);
    }
    if (!this.page && r.total > r.hits.length) {
      const li = document.createElement("li");
      li.className = "search-more";
      const a = document.createElement("a");
      a.href = `${this.form.action}?q=${encodeURIComponent(q.text)}`;
      a.textContent = format(d.i18nAll, r.total);
      li.append(a);
      list.append(li);
    }
    list.hidden = false;
    this.say(r.total === 0 ? d.i18nNone : format(r.total === 1 ? d.i18nOne : d.i18nMany, r.total));
    if (this.page && this.facetsBox) this.renderFacets(q, r);
    this.lastShown = q;
  }

  renderFacets(q, r) {
    const d = this.form.dataset;
    const sel = this.selected || {};
    const box = this.facetsBox;
    const focused = document.activeElement && box.contains(document.activeElement)
      ? document.activeElement.id : null;
    box.replaceChildren();
    const names = [...FACET_ORDER, ...Object.keys(r.facet_counts).filter((f) => !FACET_ORDER.includes(f))];
    for (const facet of names) {
      const counts = r.facet_counts[facet];
      if (!counts || !Object.keys(counts).length) continue;
      const fs = document.createElement("fieldset");
      fs.className = "search-facet";
      const lg = document.createElement("legend");
      // data-facet-company-size → dataset.facetCompanySize
      const key = `facet${facet.replace(/(^|_)([a-z])/g, (_, __, c) => c.toUpperCase())}`;
      lg.textContent = d[key] || facet;
      fs.append(lg);
      const keys = Object.keys(counts).sort((a, b) => counts[b] - counts[a] || label(facet, a).localeCompare(label(facet, b)));
      for (const k of keys) {
        const id = `f-${facet}-${k}`.replace(/[^A-Za-z0-9_-]/g, "_");
        const c = document.createElement("input");
        c.type = "checkbox";
        c.name = facet;
        c.value = k;
        c.id = id;
        c.checked = !!(sel[facet] && sel[facet].has(k));
        const l = document.createElement("label");
        l.htmlFor = id;
        l.textContent = `${label(facet, k)} `;
        const n = document.createElement("span");
        n.className = "search-facet-count";
        n.textContent = `(${counts[k]})`;
        l.append(n);
        const row = document.createElement("div");
        row.className = "search-facet-value";
        row.append(c, l);
        fs.append(row);
      }
      box.append(fs);
    }
    if (focused) {
      const el = document.getElementById(focused);
      if (el) el.focus();
    }
  }

  keys(e) {
    if (this.page || !this.results) return;
    const links = [...this.results.querySelectorAll("a")];
    const i = links.indexOf(document.activeElement);
    if (e.key === "ArrowDown" && links.length) {
      e.preventDefault();
      links[Math.min(i + 1, links.length - 1)].focus();
    } else if (e.key === "ArrowUp" && i >= 0) {
      e.preventDefault();
      if (i === 0) this.input.focus();
      else links[i - 1].focus();
    } else if (e.key === "Escape") {
      this.close();
      this.input.focus();
    }
  }
}

for (const form of document.querySelectorAll("form[data-search]")) {
  const box = new SearchBox(form);
  if (box.page) startWorker(form);
}
