// datchuan: small progressive enhancements; every page works without them.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
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
  // Ask before an action that cannot be undone.
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (e) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { e.preventDefault(); }
    });
  });
});
