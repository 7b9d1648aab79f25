// Charts on demand. Each chart arrives as a static drawing made at build time; plotly.js is
// fetched only when a reader reaches for a chart (points at it, touches it, moves focus into it),
// so that text and the first screen never wait for it. A chart without a drawing is drawn when it
// nears the viewport. Specs are JSON files next to the pages (inline <script> specs break under
// Material's instant navigation, which re-creates scripts). The same script runs on the site and
// the embed pages.
(function () {
  "use strict";
  var plotlyUrl = new URL("plotly-basic.min.js", document.currentScript.src).href;
  var exploreUrl = new URL("explore.js", document.currentScript.src).href;
  var plotlyReady = null;
  var specs = new WeakMap(); // plot element -> its spec, for controls and downloads
  var drawing = new WeakMap(); // plot element -> the promise of its drawing, so it is drawn once
  var embedded = document.body.classList.contains("embed");
  // ?mode=static on an embed page (build/assets/embed-theme.js): the drawing only, never plotly.js.
  var staticOnly = document.documentElement.getAttribute("data-mode") === "static";
  // The address parameters that name a chart's view (explore.js writes them): a timeline's, a stance matrix's, a map's.
  var VIEW_PARAMS = ["themes", "actors", "issues", "places", "period", "from", "to"];

  // A reader-facing text in the page's edition, for explore.js and search.js (loaded later): the English
  // text is the key, and an edition's pages name a JSON file of its translations (charts/i18n.py,
  // script_words), fetched with those scripts; "{name}" placeholders take the values. Read once: every
  // page of an edition names the same file, and instant navigation keeps this script running.
  var wordsLink = document.querySelector('meta[name="ris-words"]');
  var wordsUrl = wordsLink && new URL(wordsLink.getAttribute("content"), location.href).href;
  var WORDS = {};
  var wordsReady = null;
  function loadWords() {
    if (!wordsReady) {
      wordsReady = !wordsUrl ? Promise.resolve() : fetch(wordsUrl).then(function (response) {
        if (!response.ok) throw new Error(wordsUrl + " failed to load");
        return response.json();
      }).then(function (texts) { WORDS = texts; });
      wordsReady.catch(function () { wordsReady = null; });
    }
    return wordsReady;
  }
  function words(text, values) {
    return (WORDS[text] || text).replace(/\{(\w+)\}/g, function (all, name) {
      return values && name in values ? values[name] : all;
    });
  }

  window.explainerWords = words;
  window.explainerWordsReady = loadWords;

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url;
      script.onload = resolve;
      script.onerror = function () { reject(new Error(url + " failed to load")); };
      document.head.appendChild(script);
    });
  }

  // The code for exploring charts and sharing views comes when a reader opens a share box, or with
  // the chart library, when first needed.
  var exploreReady = null;
  function loadExplore() {
    if (!exploreReady) {
      exploreReady = loadWords().then(function () { return loadScript(exploreUrl); });  // it names months as it loads
      exploreReady.catch(function () { exploreReady = null; });
    }
    return exploreReady;
  }

  function loadPlotly() {
    if (!plotlyReady) {
      plotlyReady = Promise.all([loadScript(plotlyUrl), loadExplore()]).then(function () { return window.Plotly; });
      plotlyReady.catch(function () { plotlyReady = null; });
    }
    return plotlyReady;
  }

  // Colours come from CSS custom properties, which follow Material's palette toggle
  // (data-md-color-scheme on <body>) and, on embed pages, ?theme= or the system setting.
  function cssVar(element, name, fallback) {
    return getComputedStyle(element).getPropertyValue(name).trim() || fallback;
  }

  function themeUpdate(element) {
    var text = cssVar(element, "--md-default-fg-color", "#1f1f1f");
    var grid = cssVar(element, "--chart-grid", "rgba(0,0,0,0.12)");
    var background = cssVar(element, "--md-default-bg-color", "#ffffff");
    return {
      "font.color": text, "xaxis.gridcolor": grid, "yaxis.gridcolor": grid, "xaxis.color": text, "yaxis.color": text,
      "hoverlabel.bgcolor": background, "hoverlabel.font.color": text, "hoverlabel.bordercolor": text
    };
  }

  function applyUpdate(layout, update) {
    Object.keys(update).forEach(function (path) {
      var keys = path.split("."), target = layout;
      keys.slice(0, -1).forEach(function (key) { target = target[key] = target[key] || {}; });
      target[keys[keys.length - 1]] = update[path];
    });
    return layout;
  }

  function outline(element) { return cssVar(element, "--chart-outline", "#1f1f1f"); }

  function themedData(element, data) {
    var colour = outline(element);
    return data.map(function (trace) {
      if (!trace.marker || !trace.marker.line) return trace;
      return Object.assign({}, trace, { marker: Object.assign({}, trace.marker, { line: Object.assign({}, trace.marker.line, { color: colour }) }) });
    });
  }

  // A matrix's squares must fit their columns: estimate the plot's width before the first draw
  // (labels take about 170 px), so that a phone is not drawn twice; explore.js corrects any remainder.
  function sizedCells(element, chart, data, layout) {
    var columns = (layout.xaxis.categoryarray || []).length || 1;
    var width = (element.offsetWidth - 170) / columns;
    var size = Math.max(12, Math.min(chart.explore.cells, Math.floor(width * 0.9)));
    if (width < 90) layout.xaxis.tickangle = -90;
    return data.map(function (trace) {
      var copy = Object.assign({}, trace, { marker: Object.assign({}, trace.marker, { size: size }) });
      if (trace.textfont) copy.textfont = Object.assign({}, trace.textfont, { size: Math.round(size * 0.42) });
      return copy;
    });
  }

  // In a narrow frame the static drawing moves long row labels above their rows, and hides the
  // key-date labels that do not fit a phone (the container queries in explainer.css); plotly.js is
  // given the same layout, which also leaves its plot the full width. The spec says how narrow and
  // how high. Returns whether the layout changed.
  function fitRowLabels(element, chart) {
    var meta = chart.layout.meta || {}, stack = meta.stack, keys = meta.keys, rows = chart.layout.yaxis;
    var stacked = Boolean(stack) && element.offsetWidth <= stack.width;
    var narrow = Boolean(keys) && element.offsetWidth <= keys.width;
    if (stacked === (rows.showticklabels === false) && narrow === Boolean(chart.narrowKeys)) return false;
    if (!chart.keyLabels) chart.keyLabels = chart.layout.annotations || [];  // the spec's own annotations
    chart.narrowKeys = narrow;
    var shown = function (list, i) { return !(narrow && list.indexOf(i) >= 0); };
    chart.layout.annotations = chart.keyLabels.map(function (label, i) {
      return Object.assign({}, label, { visible: shown(keys ? keys.annotations : [], i) });
    });
    (chart.layout.shapes || []).forEach(function (shape, i) { shape.visible = shown(keys ? keys.shapes : [], i); });
    if (stacked) {
      chart.frameLeft = chart.frameLeft || chart.layout.margin.l;
      chart.layout.annotations = chart.layout.annotations.concat(rows.tickvals.map(function (row, i) {
        return { xref: "paper", x: 0, xanchor: "left", yref: "y", y: row, yanchor: "middle", align: "left", showarrow: false,
                 yshift: stack.lifts[i], text: rows.ticktext[i], font: { size: 12 } };
      }));
    }
    chart.layout.margin = Object.assign({}, chart.layout.margin, { l: stacked ? 8 : chart.frameLeft || chart.layout.margin.l });
    rows.showticklabels = !stacked;
    return true;
  }

  // The promise of a chart's drawing by plotly.js. It settles either way: a failure leaves the
  // static drawing in place and a data-error attribute, and a later call tries again.
  function render(element) {
    if (staticOnly) return Promise.resolve();
    if (!drawing.has(element)) drawing.set(element, draw(element));
    return drawing.get(element);
  }

  function drawn(element) { return element.getAttribute("data-rendered") === "true"; }

  // On the site's pages a chart's data table and its share box's contents stay on the chart's own page
  // (its embed page), which keeps chapters light. That page is fetched, once, when a reader opens
  // either, or an event's or a place's details, which are read from its row (explore.js).
  var chartPages = new Map(); // address -> the promise of its document
  function chartPage(address) {
    if (!chartPages.has(address)) {
      chartPages.set(address, fetch(address).then(function (response) {
        if (!response.ok) throw new Error(address + " " + response.status);
        return response.text();
      }).then(function (html) { return new DOMParser().parseFromString(html, "text/html"); }));
      chartPages.get(address).catch(function () { chartPages.delete(address); });
    }
    return chartPages.get(address);
  }

  // Fills a box of the figure from the chart's own page, once; "fill" gets that page and its address.
  var filled = new WeakMap(); // box -> the promise of its contents
  function fillFromChartPage(box, attribute, fill) {
    if (!box) return Promise.resolve();
    if (!filled.has(box)) {
      var address = new URL(box.getAttribute(attribute), location.href);
      box.setAttribute("aria-busy", "true");
      filled.set(box, chartPage(address.href).then(function (page) { fill(page, address); }).finally(function () {
        box.removeAttribute("aria-busy");
      }));
      filled.get(box).catch(function () { filled.delete(box); });  // the link to the chart's page stays
    }
    return filled.get(box);
  }

  function loadTable(figure) {
    var box = figure.querySelector(".chart__table-wrap[data-table]");
    return fillFromChartPage(box, "data-table", function (page) {
      box.replaceChildren(document.importNode(page.querySelector(".chart__data table"), true));
    });
  }

  function loadShare(figure) {
    var box = figure.querySelector(".chart__share[data-share]");
    return fillFromChartPage(box, "data-share", function (page, address) {
      var contents = Array.prototype.filter.call(page.querySelector(".chart__share").children, function (node) {
        return node.tagName !== "SUMMARY";
      }).map(function (node) { return document.importNode(node, true); });
      contents.forEach(function (node) {
        node.querySelectorAll("a[href]").forEach(function (link) {  // written for the chart's page, which is framed
          link.href = new URL(link.getAttribute("href"), address).href;
          link.removeAttribute("target");
        });
      });
      box.replaceChildren.apply(box, [box.querySelector("summary")].concat(contents));
    });
  }

  function draw(element) {
    element.setAttribute("data-rendered", "loading");
    var spec = fetch(element.getAttribute("data-spec")).then(function (response) {
      if (!response.ok) throw new Error("chart data " + response.status);
      return response.json();
    });
    return Promise.all([loadPlotly(), spec]).then(function (loaded) {
      var Plotly = loaded[0], chart = loaded[1];
      fitRowLabels(element, chart);
      specs.set(element, chart);
      var layout = applyUpdate(JSON.parse(JSON.stringify(chart.layout)), themeUpdate(element));
      chart.data = window.explainerExplore.fitHoverText(element, chart.data);
      var data = themedData(element, chart.data);
      if (chart.explore.cells) data = sizedCells(element, chart, data, layout);
      // An edition's month names and separators, for the ticks plotly.js chooses (charts/render.py, chart_spec).
      if (chart.locale) Plotly.register({ moduleType: "locale", name: chart.config.locale, dictionary: {}, format: chart.locale });
      return Plotly.newPlot(element, data, layout, chart.config).then(function () {
        window.explainerExplore.setUp(element, chart, { themeUpdate: themeUpdate, themedData: themedData, applyUpdate: applyUpdate,
                                                         cssVar: cssVar, embedded: embedded, loadTable: loadTable,
                                                         viewParams: VIEW_PARAMS });
      });
    }).then(function () {
      element.setAttribute("data-rendered", "true");
      resizeObserver.observe(element);
    }).catch(function (error) {
      drawing.delete(element);  // a later attempt may succeed
      element.removeAttribute("data-rendered");
      element.setAttribute("data-error", error.message);
    });
  }

  // A chart drawn while hidden (a closed <details>, an inactive tab) or before a layout change
  // has the wrong size: redraw it whenever its box changes.
  var resizeObserver = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!window.Plotly || entry.contentRect.width === 0) return;
      var chart = specs.get(entry.target);
      if (fitRowLabels(entry.target, chart)) {  // the frame crossed the width where labels stack
        window.Plotly.relayout(entry.target, { "margin.l": chart.layout.margin.l, annotations: chart.layout.annotations,
                                               shapes: chart.layout.shapes, "yaxis.showticklabels": chart.layout.yaxis.showticklabels });
      }
      window.Plotly.Plots.resize(entry.target).then(function () {
        window.explainerExplore.fitCells(entry.target, specs.get(entry.target));
      });
    });
  });

  var visibilityObserver = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        visibilityObserver.unobserve(entry.target);
        render(entry.target);
      }
    });
  }, { rootMargin: "300px 0px" });

  // The first sign that a reader wants more than the drawing: a pointer over the figure, a touch,
  // or keyboard focus inside it.
  var INTENT = ["pointermove", "pointerdown", "focusin"];
  function onIntent(figure, callback) {
    function fire(event) {
      INTENT.forEach(function (type) { figure.removeEventListener(type, fire); });
      callback(event);
    }
    INTENT.forEach(function (type) { figure.addEventListener(type, fire, { passive: true }); });
  }

  // The pointer or finger that brought plotly.js may rest on a point of the drawing: show that
  // point's tooltip at once, rather than after the next movement or a second tap. Drawn points
  // carry Plotly's trace and point numbers (charts/preview.py).
  function showTouchedPoint(element, pointer) {
    var point = pointer.target && pointer.target.closest && pointer.target.closest(".chart__preview .point");
    if (!point || !element.contains(point) || !drawn(element)) return;
    window.Plotly.Fx.hover(element, [{ curveNumber: Number(point.getAttribute("data-curve")),
                                       pointNumber: Number(point.getAttribute("data-point")) }]);
  }

  function plots() { return Array.prototype.slice.call(document.querySelectorAll(".chart__plot")); }

  function retheme() {
    if (!window.Plotly) return;
    plots().forEach(function (element) {
      if (!drawn(element)) return;
      window.Plotly.relayout(element, themeUpdate(element));
      window.Plotly.restyle(element, { "marker.line.color": outline(element) });
    });
  }

  function onClick(event) {
    var copy = event.target.closest(".cite__copy");  // a chapter's citations; a chart's share box has its own (explore.js)
    if (copy) loadExplore().then(function () { window.explainerExplore.copyText(copy); });
    var image = event.target.closest("[data-image]");
    if (image) {
      var plot = image.closest("figure").querySelector(".chart__plot");
      render(plot).then(function () { if (drawn(plot)) window.explainerExplore.downloadImage(image, specs.get(plot)); });
    }
  }

  function setUpPage() {
    document.querySelectorAll(".cite__copy").forEach(function (button) { button.hidden = false; });
    var params = new URLSearchParams(location.search), wanted = params.get("chart");
    var viewAsked = embedded && VIEW_PARAMS.some(function (key) { return params.has(key); });
    plots().forEach(function (element) {
      var figure = element.closest("figure");
      var note = figure.querySelector(".chart__view-note[hidden]");
      if (viewAsked && staticOnly && note) note.hidden = false;  // never a filtered title over the whole chart
      if ((wanted && figure.id === wanted) || viewAsked) {
        // A shared link goes straight to its chart; a frame never scrolls the page around it.
        render(element).then(function () { if (!embedded) figure.scrollIntoView(); });
      } else if (element.querySelector(".chart__preview")) {
        onIntent(figure, function (event) {
          var pointer = event;  // the last pointer event while plotly.js is on its way
          function follow(move) { pointer = move; }
          figure.addEventListener("pointermove", follow, { passive: true });
          render(element).then(function () {
            figure.removeEventListener("pointermove", follow);
            showTouchedPoint(element, pointer);
          });
        });
      } else {
        visibilityObserver.observe(element);
      }
      // Image downloads need plotly.js, which a click on the button loads.
      figure.querySelectorAll("[data-image], .chart__image-dark").forEach(function (button) { button.hidden = staticOnly; });
    });
  }

  // Embedded: tell the page around the frame how tall the whole document is (the body's padding
  // and the last paragraph's margin included), so that the frame needs no scrollbar.
  function reportHeight() {
    var figure = document.querySelector("figure.chart");
    var body = document.body, style = getComputedStyle(body);
    var height = body.getBoundingClientRect().bottom + window.scrollY + parseFloat(style.marginBottom);
    window.parent.postMessage({ type: "ris-embed-resize", chart: figure.getAttribute("data-chart"), height: Math.ceil(height) }, "*");
  }

  new MutationObserver(retheme).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  new MutationObserver(retheme).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", retheme);
  document.addEventListener("click", onClick);
  // A reading key pressed before plotly.js has arrived is replayed once the chart can read it.
  var READING_KEYS = ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End"];
  document.addEventListener("keydown", function (event) {
    var element = event.target.closest && event.target.closest(".chart__plot");
    if (!element || drawn(element) || READING_KEYS.indexOf(event.key) < 0) return;
    event.preventDefault();
    render(element).then(function () {
      if (drawn(element)) element.dispatchEvent(new KeyboardEvent("keydown", { key: event.key, bubbles: true }));
    });
  });
  // "toggle" does not bubble: listen while it is captured on its way down.
  document.addEventListener("toggle", function (event) {
    if (event.target.matches(".chart__data") && event.target.open) loadTable(event.target.closest("figure"));
    if (event.target.matches(".chart__choices") && event.target.open) render(event.target.closest("figure").querySelector(".chart__plot"));
    if (event.target.matches(".chart__share") && event.target.open) {
      var figure = event.target.closest("figure");
      Promise.all([loadShare(figure), loadExplore()]).then(function () { window.explainerExplore.setUpShare(figure); });
    }
  }, true);
  // Print: the stylesheet prints each chart's static drawing. A chart's own page prints its data
  // table too, opened here as Material opens every <details> on the site's pages.
  if (embedded) {
    var closedForPrint = [];
    window.addEventListener("beforeprint", function () {
      closedForPrint = Array.prototype.filter.call(document.querySelectorAll("details.chart__data"), function (d) { return !d.open; });
      closedForPrint.forEach(function (details) { details.open = true; });
    });
    window.addEventListener("afterprint", function () { closedForPrint.forEach(function (details) { details.open = false; }); });
  }
  // This hook lets the tests have plotly.js draw every chart of a page at once.
  // The language switcher leads to this page in the other edition. Its links were written for the page
  // first loaded, and instant navigation keeps the header: follow the page the reader is on now. In the
  // capture phase, before Material's own handler, which would send a reader at the site root to a home page.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".md-select__link[data-edition-root]");
    var current = document.querySelector(".md-select__link[aria-current][data-edition-root]");
    if (!link || !current || event.metaKey || event.ctrlKey) return;
    var here = location.href.split("#")[0].split("?")[0], root = current.getAttribute("data-edition-root");
    if (here.indexOf(root) !== 0) return;
    event.preventDefault();
    event.stopPropagation();
    location.assign(link.getAttribute("data-edition-root") + here.slice(root.length));
  }, true);

  window.explainerRenderAll = function () { return Promise.all(plots().map(render)); };

  if (embedded && window.parent !== window) {
    new ResizeObserver(reportHeight).observe(document.body);
  }
  if (window.document$) {
    window.document$.subscribe(setUpPage);  // Material's instant navigation swaps pages without a reload
  } else {
    setUpPage();
  }
})();
