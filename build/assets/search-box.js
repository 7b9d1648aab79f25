// The header's search box costs a page nothing until a reader asks to search: focus on the box,
// "/" or "s" (Material's keys), or an address with ?q=. Only then come search.js, which shows the
// results, and Pagefind's library and the index chunks for the words typed.
(function () {
  "use strict";
  var box = document.querySelector(".site-search");
  if (!box) return;
  var input = box.querySelector("input");
  // Absolute now: with instant navigation the header, and its relative addresses, outlive this page.
  box.setAttribute("data-script", new URL(box.getAttribute("data-script"), location.href).href);
  box.setAttribute("data-bundle", new URL(box.getAttribute("data-bundle"), location.href).href);
  var started = null;

  function start() {
    if (!started) {
      // search.js speaks the edition's language: its words (explainer.js) come first.
      var words = window.explainerWordsReady ? window.explainerWordsReady() : Promise.resolve();
      started = words.then(function () {
        return new Promise(function (resolve, reject) {
          var script = document.createElement("script");
          script.src = box.getAttribute("data-script");
          script.onload = resolve;
          script.onerror = function () { reject(new Error("search failed to load")); };
          document.head.appendChild(script);
        });
      }).then(function () { window.siteSearch.start(box); });
      started.catch(function () { started = null; });
    }
    return started;
  }

  input.addEventListener("focus", start);
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if ((event.key !== "/" && event.key !== "s") || event.ctrlKey || event.metaKey || event.altKey ||
        target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    event.preventDefault();
    input.focus();
  });
  var query = new URLSearchParams(location.search).get("q");
  if (query) {
    input.value = query;
    input.focus();
  }
})();
