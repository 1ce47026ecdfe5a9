// academie serve: live reload and the build-error overlay.
//
// Added by `academie serve` to the HTML it serves, never written into a
// built site. An external file (the theme's Content-Security-Policy forbids
// inline scripts); every text shown is set with textContent, never as HTML.
(function () {
  "use strict";
  if (!window.EventSource || window.__academieLiveReload) return;
  window.__academieLiveReload = true;

  // The build this page came from, given by the server in our own URL.
  var me = document.currentScript && new URL(document.currentScript.src);
  var pageInstance = me ? me.searchParams.get("instance") : null;
  var pageBuild = me ? me.searchParams.get("build") : null;

  var fr = (document.documentElement.lang || "").toLowerCase().indexOf("fr") === 0;
  var text = fr
    ? {
        title: "La construction du site a échoué",
        intro: "La dernière version correcte reste affichée. Corrigez le fichier : ce message disparaîtra tout seul.",
        close: "Fermer",
        help: "Aide : ",
        more: "avertissement : ",
      }
    : {
        title: "The site failed to build",
        intro: "The last good version is still shown. Fix the file: this message goes away by itself.",
        close: "Close",
        help: "Help: ",
        more: "warning: ",
      };

  var overlay = null;
  var focusBefore = null;

  function css(el, props) {
    // CSSOM properties, not a style attribute: allowed by `style-src 'self'`.
    for (var k in props) el.style.setProperty(k, props[k]);
    return el;
  }

  function el(tag, props, content) {
    var e = document.createElement(tag);
    if (props) css(e, props);
    if (content != null) e.textContent = content;
    return e;
  }

  function hideOverlay() {
    if (!overlay) return;
    overlay.remove();
    overlay = null;
    if (focusBefore && focusBefore.focus) focusBefore.focus();
    focusBefore = null;
  }

  function showOverlay(errors) {
    var hadFocus = overlay !== null;
    hideOverlay();
    if (!hadFocus) focusBefore = document.activeElement;
    var box = el("div", {
      position: "fixed", inset: "0", "z-index": "2147483647", overflow: "auto",
      background: "rgba(20, 20, 20, 0.92)", color: "#fff", padding: "2rem",
      font: "16px/1.5 system-ui, sans-serif",
    });
    box.id = "academie-build-errors";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-modal", "true");
    box.setAttribute("aria-labelledby", "academie-build-errors-title");
    box.setAttribute("aria-describedby", "academie-build-errors-intro");
    box.tabIndex = -1;

    var inner = el("div", { "max-width": "60rem", margin: "0 auto" });
    var h = el("h2", { "font-size": "1.5rem", margin: "0 0 0.5rem", color: "#ffb4a8" }, text.title);
    h.id = "academie-build-errors-title";
    var intro = el("p", { margin: "0 0 1.5rem" }, text.intro);
    intro.id = "academie-build-errors-intro";
    var close = el("button", {
      float: "right", font: "inherit", padding: "0.4rem 1rem", cursor: "pointer",
      background: "#fff", color: "#000", border: "2px solid #fff", "border-radius": "4px",
    }, text.close);
    close.type = "button";
    close.addEventListener("click", hideOverlay);
    inner.append(close, h, intro);

    var list = el("ul", { "list-style": "none", margin: "0", padding: "0" });
    errors.forEach(function (e) {
      var item = el("li", {
        margin: "0 0 1rem", padding: "1rem", background: "#2b2b2b",
        "border-left": "4px solid " + (e.severity === "error" ? "#ff8a80" : "#ffd54f"),
      });
      var where = e.file + (e.line ? ":" + e.line + (e.column ? ":" + e.column : "") : "");
      item.append(el("p", { margin: "0", "font-family": "ui-monospace, monospace", color: "#bbdefb" }, where));
      item.append(el("p", { margin: "0.25rem 0", "font-weight": "bold" },
        (e.severity === "error" ? "" : text.more) + e.message));
      if (e.source != null) {
        var pre = el("pre", {
          margin: "0.5rem 0", padding: "0.5rem", background: "#000", overflow: "auto",
          "font-family": "ui-monospace, monospace", "white-space": "pre",
        });
        pre.append(el("code", null, (e.line ? e.line + " | " : "") + e.source));
        item.append(pre);
      }
      if (e.help) item.append(el("p", { margin: "0" }, text.help + e.help));
      list.append(item);
    });
    inner.append(list);
    box.append(inner);
    box.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") hideOverlay();
    });
    overlay = box;
    document.body.append(box);
    box.focus();
  }

  // Swaps the page's stylesheets for the rebuilt page's ones, keeping the
  // old ones until the new ones are loaded (no flash of unstyled content).
  function swapStyles() {
    fetch(location.href, { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = Array.prototype.map.call(
          doc.querySelectorAll('link[rel="stylesheet"]'),
          function (l) { return new URL(l.getAttribute("href"), location.href).href; });
        var old = Array.prototype.slice.call(document.querySelectorAll('link[rel="stylesheet"]'));
        if (!old.length) return location.reload();
        var fingerprinted = /\.[0-9a-f]{8,}\.css$/;
        var keep = [];
        var pending = 0;
        var done = function () {
          if (--pending <= 0) {
            old.forEach(function (l) { if (keep.indexOf(l) < 0) l.remove(); });
          }
        };
        // Insert in the rebuilt page's order: the cascade must not change.
        var prev = null;
        fresh.forEach(function (href) {
          var same = old.filter(function (l) { return l.href === href; })[0];
          if (same && fingerprinted.test(new URL(href).pathname)) {
            // Unchanged fingerprinted stylesheet: keep it as it is.
            keep.push(same);
            prev = same;
            return;
          }
          if (same) {
            // Same name, not fingerprinted: defeat the cache.
            var u = new URL(href);
            u.searchParams.set("academie-reload", Date.now());
            href = u.href;
          }
          var link = document.createElement("link");
          link.rel = "stylesheet";
          link.href = href;
          pending++;
          link.addEventListener("load", done);
          link.addEventListener("error", done);
          if (prev) prev.after(link);
          else old[0].before(link);
          prev = link;
        });
        if (!pending) {
          pending = 1;
          done();
        }
      })
      .catch(function () { location.reload(); });
  }

  var source = new EventSource("/__academie/events");
  source.addEventListener("hello", function (ev) {
    var d = JSON.parse(ev.data);
    // Built again (or a new server) since this page was served: reload.
    if (pageInstance !== null &&
        (d.instance !== pageInstance || String(d.build) !== pageBuild) && d.build > 0) {
      location.reload();
      return;
    }
    if (d.ok) hideOverlay();
  });
  source.addEventListener("reload", function () {
    location.reload();
  });
  source.addEventListener("css", function (ev) {
    var d = JSON.parse(ev.data);
    pageInstance = d.instance;
    pageBuild = String(d.build);
    hideOverlay();
    swapStyles();
  });
  source.addEventListener("build-error", function (ev) {
    showOverlay(JSON.parse(ev.data).errors || []);
  });
})();
