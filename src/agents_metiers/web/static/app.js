// Progressive enhancement of the server-rendered pages (they all work without this file).
"use strict";

// htmx: send the CSRF token (from <meta name="csrf-token">) with every non-GET request.
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) { event.detail.headers["X-CSRF-Token"] = meta.content; }
});

// Competence tabs: without JavaScript every panel is shown; with it, one at a time.
function initOnglets(root) {
  root.querySelectorAll('[role="tablist"]').forEach(function (liste) {
    var onglets = Array.prototype.slice.call(liste.querySelectorAll('[role="tab"]'));
    if (!onglets.length) { return; }
    function choisir(cible, focus) {
      onglets.forEach(function (o) {
        var actif = o === cible;
        o.setAttribute("aria-selected", actif ? "true" : "false");
        o.tabIndex = actif ? 0 : -1;
        var panneau = document.getElementById(o.getAttribute("aria-controls"));
        if (panneau) { panneau.hidden = !actif; }
      });
      if (focus) { cible.focus(); }
    }
    onglets.forEach(function (o, i) {
      o.addEventListener("click", function () { choisir(o, false); });
      o.addEventListener("keydown", function (e) {
        var j = e.key === "ArrowRight" ? i + 1 : e.key === "ArrowLeft" ? i - 1 : null;
        if (j !== null) { e.preventDefault(); choisir(onglets[(j + onglets.length) % onglets.length], true); }
      });
    });
    liste.hidden = false;
    choisir(onglets[0], false);
  });
}

// Sticky section navigation with scroll-spy.
function initSommaire() {
  var liens = document.querySelectorAll(".sommaire a[href^='#']");
  if (!liens.length || !("IntersectionObserver" in window)) { return; }
  var parId = {};
  liens.forEach(function (a) { parId[a.getAttribute("href").slice(1)] = a; });
  var observer = new IntersectionObserver(function (entrees) {
    entrees.forEach(function (entree) {
      if (entree.isIntersecting && parId[entree.target.id]) {
        liens.forEach(function (a) { a.removeAttribute("aria-current"); });
        parId[entree.target.id].setAttribute("aria-current", "true");
      }
    });
  }, { rootMargin: "0px 0px -70% 0px" });
  Object.keys(parId).forEach(function (id) {
    var section = document.getElementById(id);
    if (section) { observer.observe(section); }
  });
}

// Autocomplete: arrow keys move through the suggestions, Escape closes them.
function initSuggestions() {
  var champ = document.querySelector(".recherche input[type=search]");
  var boite = document.getElementById("suggestions");
  if (!champ || !boite) { return; }
  function liens() { return Array.prototype.slice.call(boite.querySelectorAll("a")); }
  function naviguer(e) {
    var items = liens();
    var i = items.indexOf(document.activeElement);
    if (e.key === "ArrowDown" && items.length) { e.preventDefault(); items[Math.min(i + 1, items.length - 1)].focus(); }
    else if (e.key === "ArrowUp" && items.length) { e.preventDefault(); if (i <= 0) { champ.focus(); } else { items[i - 1].focus(); } }
    else if (e.key === "Escape") { boite.innerHTML = ""; champ.focus(); }
  }
  champ.addEventListener("keydown", naviguer);
  boite.addEventListener("keydown", naviguer);
}

// Keep the session alive while a signed-in page is open (access tokens are short-lived).
function initSession() {
  if (document.body.dataset.session !== "1") { return; }
  window.setInterval(function () {
    fetch("/api/auth/refresh", { method: "POST", credentials: "same-origin" });
  }, 10 * 60 * 1000);
}

// Select-all checkbox of the control centre (Alpine, CSP build: components registered here).
document.addEventListener("alpine:init", function () {
  window.Alpine.data("selection", function () {
    return {
      init: function () {
        var form = this.$el;
        var tout = form.querySelector("[data-tout-cocher]");
        if (!tout) { return; }
        tout.addEventListener("change", function () {
          form.querySelectorAll('input[name="codes"]').forEach(function (c) { c.checked = tout.checked; });
        });
      }
    };
  });
});

document.addEventListener("DOMContentLoaded", function () {
  initOnglets(document);
  initSommaire();
  initSuggestions();
  initSession();
});
document.addEventListener("htmx:afterSwap", function (event) { initOnglets(event.target); });
