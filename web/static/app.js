// datchuan: small progressive enhancements; every page works without them.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // "In" buttons print the page (its print stylesheet drops the menus).
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
  // A ratio field shows its percentage as the officer types.
  document.querySelectorAll(".ratio").forEach(function (box) {
    var num = box.querySelector("input[name=numerator]");
    var den = box.querySelector("input[name=denominator]");
    var out = box.querySelector("output");
    if (!num || !den || !out) { return; }
    function parse(s) {
      s = String(s).trim();
      if (s.indexOf(",") >= 0) { s = s.replace(/\./g, "").replace(",", "."); }
      return parseFloat(s);
    }
    function show() {
      var n = parse(num.value), d = parse(den.value);
      out.textContent = (isFinite(n) && isFinite(d) && d > 0)
        ? (Math.round(n * 10000 / d) / 100).toString().replace(".", ",") + "%" : "";
    }
    num.addEventListener("input", show);
    den.addEventListener("input", show);
    show();
  });
  // The menu folds on a phone; on a wider screen style.css shows it as a
  // bar, except in browsers that cannot show a closed details' content:
  // open it there.
  var menu = document.getElementById("menu");
  var cssShowsMenu = window.CSS && CSS.supports && CSS.supports("selector(::details-content)");
  if (menu && !cssShowsMenu && window.matchMedia("(min-width: 48em)").matches) { menu.open = true; }
  // A link to a folded part of a page (#c-17, a criterion of a unit) opens
  // the fold it points into.
  function openTarget() {
    var id = location.hash.slice(1);
    try { id = decodeURIComponent(id); } catch (e) { return; }
    var el = id ? document.getElementById(id) : null;
    if (!el) { return; }
    for (var d = el; d; d = d.parentElement) {
      if (d.tagName === "DETAILS") { d.open = true; }
    }
    el.scrollIntoView();
  }
  openTarget();
  window.addEventListener("hashchange", openTarget);
  // Ask before an action that cannot be undone.
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (e) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { e.preventDefault(); }
    });
  });
});
