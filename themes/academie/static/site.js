/* academie: the site's small script. No framework, no third-party request.
 * The site works without it. Root page only: send the visitor to the site
 * language their browser prefers. The languages are read from the page:
 * <main data-language-redirect data-default-language="fr"> with links
 * <a data-lang="fr" href="/fr/">. Does nothing on any other page. */
(function () {
  "use strict";
  var root = document.querySelector("[data-language-redirect]");
  if (!root) return;

  var links = root.querySelectorAll("a[data-lang][href]");
  var byCode = {};
  for (var i = 0; i < links.length; i++) {
    byCode[links[i].getAttribute("data-lang").toLowerCase()] = links[i].href;
  }

  function pick(tag) {
    tag = String(tag || "").toLowerCase().replace(/_/g, "-");
    if (!tag) return null;
    if (byCode[tag]) return byCode[tag];
    var primary = tag.split("-")[0];
    if (byCode[primary]) return byCode[primary];
    return null;
  }

  var wanted = navigator.languages && navigator.languages.length
    ? navigator.languages
    : [navigator.language || navigator.userLanguage || ""];
  var target = null;
  for (var j = 0; j < wanted.length && !target; j++) target = pick(wanted[j]);
  if (!target) target = pick(root.getAttribute("data-default-language"));
  if (target && target !== window.location.href) window.location.replace(target);
})();
