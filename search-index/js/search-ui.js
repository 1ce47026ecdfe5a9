// Search UI of the Académie theme. Loaded on every page (small); the worker,
// the wasm engine and the index are only fetched when a search field gets
// focus or the search page is opened.
//
// Two kinds of form carry `data-search`:
// - the header's field: a short list of results under the field, and a
//   link to the search page when there are more;
// - the search page's field (`data-search-page`): every result, a page of
//   PAGE at a time ("show more"), then the facets, in a section after the
//   results; the query and the selected facets are in the URL (shareable,
//   restored by the back button, carried by the language switcher).
//
// Safety (CSP, issue 7): no inline script or style; every text coming from
// the index is inserted with textContent, except `snippet_html`, which the
// engine HTML-escaped (its only markup is <mark>).

const FACET_ORDER = [
  "type", "audience", "level", "format", "sector", "region", "company_size",
  "ai_technique", "ambassador_kind", "funding",
];
// Results per step on the search page, and in the header's list.
const PAGE = 20;
const HEADER_LIMIT = 6;
// Facet groups are open from this width on (the facets then sit beside
// the results); below, they are collapsed unless one of their values is
// selected.
const WIDE = "(min-width: 56em)";

let worker = null;
let ready = null;
let labels = {};
// facet → Set of the keys this language's index knows.
let known = null;
let seq = 0;
const waiting = new Map();
const stats = { queries: [] };
window.academieSearch = stats;

// Which copy of the engine the worker fetches (worker.js): the `.wasm` from
// a host that sent this page with brotli or zstd, which compresses it
// better than gzip; the build's gzipped copy from any other (gzip only, or
// no compression, as from a storage bucket). A browser that does not say
// how the page was encoded gets the copy only when the page came
// uncompressed.
function workerName() {
  const nav = performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
  if (!nav) return "academie-search";
  const packed =
    typeof nav.contentEncoding === "string"
      ? !/^(br|zstd)$/.test(nav.contentEncoding)
      : nav.encodedBodySize > 0 && nav.encodedBodySize >= nav.decodedBodySize;
  return packed ? "academie-search packed" : "academie-search";
}

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
  stats.startedAt = performance.now();
  worker = new Worker(form.dataset.searchWorker, { type: "module", name: workerName() });
  ready = new Promise((resolve, reject) => {
    worker.onmessage = (e) => {
      const m = e.data;
      if (m.type === "ready") {
        labels = m.labels || {};
        known = {};
        for (const [facet, key] of m.facets || []) (known[facet] = known[facet] || new Set()).add(key);
        stats.openMs = m.openMs;
        stats.whole = m.whole;
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

// Once the first results are painted, the worker may fetch the rest of a
// small index in the background (it never competes with them).
// Resolves once the message is sent: the snippets of the first results
// are asked after it, so that they wait for that one download rather than
// fetch their ranges beside it.
let prefetchAsked = null;
function afterFirstPaint() {
  prefetchAsked =
    prefetchAsked ||
    new Promise((resolve) =>
      requestAnimationFrame(() =>
        setTimeout(() => {
          worker.postMessage({ type: "prefetch" });
          resolve();
        }, 0),
      ),
    );
  return prefetchAsked;
}

// `background`: the worker runs it beside the queue of typed queries
// (a query completing the snippets of the hits shown; see `complete`).
async function runQuery(form, query, background = false) {
  await startWorker(form);
  const id = ++seq;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    worker.postMessage({ type: "search", id, query, background });
  });
}

function label(facet, key) {
  return (labels[facet] && labels[facet][key]) || key;
}

function format(template, values) {
  return (template || "{n}").replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
}

// data-facet-company-size → dataset.facetCompanySize
const datasetKey = (prefix, name) =>
  prefix + name.replace(/(^|[_-])([a-z])/g, (_, __, c) => c.toUpperCase());

/** One result as a list item: type, title link, "fictional" label, text. */
function hitItem(hit, d) {
  const li = document.createElement("li");
  li.className = "search-hit";
  const type = document.createElement("span");
  type.className = "search-hit-type";
  type.textContent = label("type", hit.kind);
  const a = document.createElement("a");
  a.href = hit.url;
  a.className = "search-hit-title";
  a.textContent = hit.title;
  li.append(type, " ", a);
  if (hit.fictional) {
    // Fictional examples must never pass for real ones.
    const f = document.createElement("span");
    f.className = "search-hit-fictional";
    f.textContent = hit.kind === "ambassadors" ? d.i18nFictionalProfile : d.i18nFictionalExample;
    li.append(" ", f);
  }
  const p = document.createElement("p");
  p.className = "search-hit-text";
  if (hit.snippet_html) {
    p.innerHTML = hit.snippet_html; // escaped by the engine; only <mark>
  } else {
    p.textContent = hit.summary;
  }
  li.append(p);
  return li;
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
    this.limit = this.page ? PAGE : HEADER_LIMIT;
    this.busy = false;
    this.pending = null;
    this.typedAt = 0;
    this.pushTimer = 0;
    this.input.addEventListener("focus", () => startWorker(form), { once: true });
    this.input.addEventListener("input", () => {
      this.typedAt = performance.now();
      this.limit = this.page ? PAGE : HEADER_LIMIT;
      this.update(false);
    });
    form.addEventListener("keydown", (e) => this.keys(e));
    if (this.page) this.setUpPage();
    else {
      document.addEventListener("click", (e) => {
        if (!form.contains(e.target)) this.close();
      });
    }
  }

  setUpPage() {
    this.facetsBox = document.querySelector("[data-search-facets]");
    this.groups = this.facetsBox && this.facetsBox.querySelector("[data-search-facet-groups]");
    this.moreBox = document.querySelector("[data-search-more-box]");
    this.moreButton = document.querySelector("[data-search-more]");
    this.shown = document.querySelector("[data-search-shown]");
    // Facet groups the reader opened or closed keep that state.
    this.opened = new Map();
    this.wide = window.matchMedia(WIDE);
    // The language switcher's links, without their query.
    this.switches = [...document.querySelectorAll(".lang-switcher a[hreflang]:not([aria-current])")]
      .map((a) => ({ a, base: a.href.split(/[?#]/)[0] }));
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.limit = PAGE;
      this.update(true);
    });
    if (this.groups) {
      this.groups.addEventListener("change", () => {
        this.limit = PAGE;
        this.update(true);
      });
      this.groups.addEventListener("toggle", (e) => {
        if (e.target.dataset.facet) this.opened.set(e.target.dataset.facet, e.target.open);
      }, true);
    }
    if (this.moreButton) {
      this.moreButton.addEventListener("click", () => {
        this.limit += PAGE;
        // The number of results shown survives a visit to a result and back.
        history.replaceState({ limit: this.limit }, "", location.href);
        this.focusFrom = this.results.children.length;
        this.update(null);
      });
    }
    window.addEventListener("popstate", () => this.fromUrl());
    this.fromUrl();
  }

  fromUrl() {
    const p = new URLSearchParams(location.search);
    this.input.value = p.get("q") || "";
    this.selected = {};
    for (const [k, v] of p) {
      if (k !== "q") (this.selected[k] = this.selected[k] || new Set()).add(v);
    }
    const state = history.state;
    this.limit = state && state.limit > PAGE ? state.limit : PAGE;
    if (this.groups) this.groups.replaceChildren();
    this.typedAt = performance.now();
    this.relink();
    // Filters that this language's index does not know (the link came
    // from another language) are dropped, from the URL too, before the
    // first query.
    startWorker(this.form)
      .then(() => {
        let dropped = false;
        for (const [facet, keys] of Object.entries(this.selected)) {
          for (const k of [...keys]) {
            if (!(known[facet] && known[facet].has(k))) {
              keys.delete(k);
              dropped = true;
            }
          }
        }
        if (dropped) this.syncUrl(this.query(), false);
      }, () => {})
      .then(() => this.update(null));
  }

  query() {
    const facets = {};
    if (this.page) {
      const sel = this.selected || {};
      for (const k of Object.keys(sel)) if (sel[k].size) facets[k] = [...sel[k]];
    }
    // The header's list shows no facet counts: not asking for them spares
    // the download of the facet table.
    return { text: this.input.value, facets, limit: this.limit, counts: this.page };
  }

  /** Reads the selection from the checkboxes (after a change). */
  checked() {
    const sel = {};
    for (const c of this.groups.querySelectorAll("input[type=checkbox]:checked")) {
      (sel[c.name] = sel[c.name] || new Set()).add(c.value);
    }
    this.selected = sel;
  }

  /** push: true = new history entry, false = replace while typing, null = no change. */
  update(push) {
    if (this.page && push !== null && this.groups && this.groups.querySelector("input")) this.checked();
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
    this.relink(p);
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

  /** The language switcher opens the search page of the other language
   * with the same query and filters (it drops those it does not know). */
  relink(params = new URLSearchParams(location.search)) {
    const s = params.toString();
    for (const { a, base } of this.switches) a.href = s ? `${base}?${s}` : base;
  }

  async send(q) {
    this.busy = true;
    const t0 = this.typedAt || performance.now();
    let partial = null;
    try {
      // First the hits as the index's heads give them (a small index
      // answers without reading the network), then their snippets.
      const m = await runQuery(this.form, { ...q, snippets: false });
      this.render(q, m.results);
      afterFirstPaint();
      const entry = {
        text: q.text,
        limit: q.limit,
        engineMs: m.ms,
        shownMs: performance.now() - t0,
        fetched: m.fetched,
        requests: m.requests,
        syncRequests: m.syncRequests,
      };
      stats.queries.push(entry);
      if (m.results.partial) partial = entry;
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
    if (partial && this.shownQuery === q) this.complete(q, partial, t0);
  }

  /** The snippets of the hits shown for `q`, asked in the background: a
   * newer query neither waits for them nor gets them. */
  async complete(q, entry, t0) {
    try {
      await afterFirstPaint();
      const full = await runQuery(this.form, q, true);
      if (this.shownQuery === q) this.fill(full.results);
      Object.assign(entry, {
        snippetsMs: performance.now() - t0,
        snippetsFetched: full.fetched,
        snippetsRequests: full.requests,
        syncRequests: full.syncRequests,
      });
    } catch (err) {
      // The summaries stay: nothing to say.
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
    this.shownQuery = q;
    const d = this.form.dataset;
    const list = this.results;
    list.replaceChildren(...r.hits.map((hit) => hitItem(hit, d)));
    if (!this.page && r.total > r.hits.length) {
      const li = document.createElement("li");
      li.className = "search-all";
      const a = document.createElement("a");
      const p = new URLSearchParams({ q: q.text });
      a.href = `${this.form.action}?${p}`;
      a.textContent = format(d.i18nAll, { n: r.total });
      li.append(a);
      list.append(li);
    }
    list.hidden = r.hits.length === 0;
    this.say(r.total === 0 ? d.i18nNone : format(r.total === 1 ? d.i18nOne : d.i18nMany, { n: r.total }));
    if (r.total === 0) this.nothing(r.suggestions || []);
    if (this.page) {
      this.renderMore(r);
      if (this.facetsBox) this.renderFacets(r);
    }
  }

  /** Puts the snippets of `r` into the hits shown (same query, same
   * order), without rebuilding the list: focus and scroll stay put. */
  fill(r) {
    const items = this.results.querySelectorAll("li.search-hit");
    r.hits.forEach((hit, i) => {
      const li = items[i];
      const a = li && li.querySelector(".search-hit-title");
      if (!a || a.getAttribute("href") !== hit.url || !hit.snippet_html) return;
      li.querySelector(".search-hit-text").innerHTML = hit.snippet_html; // escaped by the engine; only <mark>
    });
  }

  /** Nothing found: the closest words of the index, each a link to its
   * own search (the engine sends them when a query matches nothing). */
  nothing(words) {
    const items = [];
    if (!this.page) {
      // The header's status is for screen readers only: say it on screen.
      const none = document.createElement("li");
      none.className = "search-none";
      none.textContent = this.form.dataset.i18nNone;
      items.push(none);
    }
    const li = document.createElement("li");
    li.className = "search-suggest";
    li.append(this.form.dataset.i18nSuggest || "", " ");
    words.slice(0, 5).forEach((w, i) => {
      const a = document.createElement("a");
      a.href = `${this.form.action}?${new URLSearchParams({ q: w })}`;
      a.textContent = w;
      if (i) li.append(", ");
      li.append(a);
    });
    if (words.length) items.push(li);
    this.results.replaceChildren(...items);
    this.results.hidden = !items.length;
  }

  /** "N of M shown" and the button that shows the next page of results. */
  renderMore(r) {
    if (!this.moreBox) return;
    const shown = r.hits.length;
    const rest = r.total - shown;
    this.moreBox.hidden = rest <= 0;
    if (rest > 0) {
      const d = this.form.dataset;
      this.shown.textContent = format(d.i18nShown, { shown, total: r.total });
      this.moreButton.textContent = format(d.i18nMore, { n: Math.min(PAGE, rest) });
    }
    // After "show more", focus goes to the first new result.
    if (this.focusFrom !== undefined) {
      const li = this.results.children[this.focusFrom];
      this.focusFrom = undefined;
      const a = li && li.querySelector("a");
      if (a) a.focus();
      else if (!this.moreBox.hidden) this.moreButton.focus();
    }
  }

  renderFacets(r) {
    const d = this.form.dataset;
    const sel = this.selected || {};
    const box = this.groups;
    const focused = document.activeElement && box.contains(document.activeElement)
      ? document.activeElement.id : null;
    box.replaceChildren();
    const names = [...FACET_ORDER, ...Object.keys(r.facet_counts).filter((f) => !FACET_ORDER.includes(f))];
    for (const facet of names) {
      const counts = r.facet_counts[facet];
      if (!counts || !Object.keys(counts).length) continue;
      const active = !!(sel[facet] && sel[facet].size);
      const group = document.createElement("details");
      group.className = "facet search-facet";
      group.dataset.facet = facet;
      group.open = active || (this.opened.has(facet) ? this.opened.get(facet) : this.wide.matches);
      const summary = document.createElement("summary");
      summary.textContent = d[datasetKey("facet", facet)] || facet;
      const fs = document.createElement("fieldset");
      const lg = document.createElement("legend");
      lg.className = "sr-only";
      lg.textContent = summary.textContent;
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
        const name = document.createElement("span");
        name.className = "facet-label";
        name.textContent = label(facet, k);
        const n = document.createElement("span");
        n.className = "count";
        n.textContent = `(${counts[k]})`;
        l.append(name, " ", n);
        const row = document.createElement("div");
        row.className = "search-facet-value";
        row.append(c, l);
        fs.append(row);
      }
      group.append(summary, fs);
      box.append(group);
    }
    this.facetsBox.hidden = !box.children.length;
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
