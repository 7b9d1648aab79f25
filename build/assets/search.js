// Search results for the header's box (build/overrides/partials/site-search.html), from the
// Pagefind index that build/search.py writes. Loaded by search-box.js on first use. The box is a
// combobox: type, move through the results with the arrow keys, Enter opens one, Escape closes
// the list (and a second Escape leaves the box). The number of results is announced.
(function () {
  "use strict";
  var SHOWN = 10;
  var t = window.explainerWords;  // the page's words (explainer.js)

  // Pagefind's excerpts are text with <mark> around the words found; only those two are kept.
  function excerptInto(target, excerpt) {
    var parsed = new DOMParser().parseFromString(excerpt, "text/html").body;
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        target.append(mark);
      } else target.append(node.textContent);
    });
  }

  // The section of a page where most of the words were found: results open at its heading.
  // A record with a "url" meta (a timeline event, build/search.py) opens that address instead,
  // given relative to the site root so that it works under a sub-path.
  function bestSection(page, root) {
    if (page.meta.url) return { url: new URL(page.meta.url, root).href, title: "", excerpt: page.excerpt };
    return (page.sub_results || []).reduce(function (best, section) {
      return !best || section.locations.length > best.locations.length ? section : best;
    }, null) || { url: page.url, title: page.meta.title, excerpt: page.excerpt };
  }

  function start(box) {
    var input = box.querySelector("input");
    var panel = box.querySelector(".site-search__panel");
    var list = box.querySelector("[role=listbox]");
    var status = box.querySelector(".site-search__status");
    var count = box.querySelector(".site-search__count");
    var active = -1, latest = 0;
    var root = new URL("../", box.getAttribute("data-bundle")).href;  // the bundle sits in pagefind/ at the site root
    // Pagefind ranks short records high; with less weight on length, an event's few lines do not
    // push out the long pages that explain a name such as "Hmeimim".
    var pagefind = import(box.getAttribute("data-bundle")).then(function (library) {
      return library.options({ excerptLength: 22, ranking: { pageLength: 0.1 } }).then(function () { return library; });
    });

    function options() { return list.querySelectorAll("[role=option]"); }

    function setOpen(open) {
      panel.hidden = !open;
      input.setAttribute("aria-expanded", String(open));
      if (!open) choose(-1);
    }

    function choose(index) {
      var all = options();
      active = index;
      all.forEach(function (option, i) { option.setAttribute("aria-selected", String(i === index)); });
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", all[index].id);
        all[index].scrollIntoView({ block: "nearest" });
      } else input.removeAttribute("aria-activedescendant");
    }

    function say(text) {
      status.textContent = count.textContent = text;
    }

    function render(pages, total, query) {
      list.textContent = "";
      pages.forEach(function (page, i) {
        var section = bestSection(page, root);
        // The link is the option itself: a link inside an option would nest one control in another.
        var item = document.createElement("li");
        item.setAttribute("role", "none");
        var link = document.createElement("a");
        link.id = "site-search-option-" + i;
        link.setAttribute("role", "option");
        link.href = section.url;  // also reachable with Tab, so that the scrolling list is too
        var title = document.createElement("span");
        title.className = "site-search__title";
        var name = page.meta.date ? page.meta.date + ": " + page.meta.title : page.meta.title;
        title.textContent = section.title && section.title !== page.meta.title ? name + " › " + section.title : name;
        var excerpt = document.createElement("span");
        excerpt.className = "site-search__excerpt";
        excerptInto(excerpt, section.excerpt || page.excerpt);
        link.append(title, excerpt);
        link.addEventListener("click", function () { setOpen(false); input.blur(); });
        item.append(link);
        list.append(item);
      });
      var found = total === 1 ? t("1 result for “{query}”", { query: query }) : t("{count} results for “{query}”", { count: total, query: query });
      if (total > pages.length) found += " " + t("(showing the first {count})", { count: pages.length });
      say(total ? found : t("No results for “{query}”", { query: query }));
      setOpen(true);
      choose(-1);
    }

    function search() {
      var query = input.value.trim(), ticket = ++latest;
      if (!query) { say(""); list.textContent = ""; setOpen(false); return; }
      pagefind.then(function (library) { return library.debouncedSearch(query, {}, 120); }).then(function (found) {
        if (!found || ticket !== latest) return null;  // a later keystroke has its own search
        return Promise.all(found.results.slice(0, SHOWN).map(function (result) { return result.data(); })).then(function (pages) {
          if (ticket === latest) render(pages, found.results.length, query);
        });
      }).catch(function () { say(t("Search is not available right now.")); setOpen(true); });
    }

    input.addEventListener("input", search);
    input.addEventListener("focus", function () { if (input.value.trim() && panel.hidden) search(); });
    input.addEventListener("keydown", function (event) {
      var all = options();
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!all.length) return;
        event.preventDefault();
        setOpen(true);
        if (event.key === "ArrowDown") choose(active + 1 < all.length ? active + 1 : 0);
        else choose(active > 0 ? active - 1 : all.length - 1);
      } else if (event.key === "Enter") {
        event.preventDefault();
        var chosen = all[active >= 0 ? active : 0];
        if (chosen && !panel.hidden) chosen.click();
      } else if (event.key === "Escape") {
        event.preventDefault();
        if (!panel.hidden) setOpen(false);
        else { input.value = ""; say(""); list.textContent = ""; input.blur(); }
      }
    });
    box.addEventListener("focusout", function (event) {
      if (!box.contains(event.relatedTarget)) setOpen(false);
    });
    if (input.value.trim()) search();
  }

  window.siteSearch = { start: start };
})();
