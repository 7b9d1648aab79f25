// Charts on demand: plotly.js is fetched only when the first chart nears the viewport, so that
// text and the first screen never wait for it. Specs are JSON files next to the pages (inline
// <script> specs break under Material's instant navigation, which re-creates scripts).
(function () {
  "use strict";
  var plotlyUrl = new URL("plotly-basic.min.js", document.currentScript.src).href;
  var plotlyReady = null;

  function loadPlotly() {
    if (!plotlyReady) {
      plotlyReady = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = plotlyUrl;
        script.onload = function () { resolve(window.Plotly); };
        script.onerror = function () { plotlyReady = null; reject(new Error("chart library failed to load")); };
        document.head.appendChild(script);
      });
    }
    return plotlyReady;
  }

  // Colours of text and grid lines follow Material's scheme, which the palette toggle switches
  // on <body data-md-color-scheme>, not only the operating system's setting.
  function themeLayout() {
    var style = getComputedStyle(document.body);
    var dark = document.body.getAttribute("data-md-color-scheme") === "slate";
    var text = style.getPropertyValue("--md-default-fg-color").trim() || (dark ? "#e2e4e9" : "#1f1f1f");
    var grid = dark ? "rgba(255,255,255,0.16)" : "rgba(0,0,0,0.12)";
    var background = style.getPropertyValue("--md-default-bg-color").trim() || (dark ? "#1e2129" : "#ffffff");
    return {
      "font.color": text,
      "xaxis.gridcolor": grid,
      "yaxis.gridcolor": grid,
      "xaxis.color": text,
      "yaxis.color": text,
      "hoverlabel.bgcolor": background,
      "hoverlabel.font.color": text,
      "hoverlabel.bordercolor": text
    };
  }

  function applyTheme(layout) {
    var theme = themeLayout();
    Object.keys(theme).forEach(function (path) {
      var keys = path.split("."), target = layout;
      keys.slice(0, -1).forEach(function (key) { target = target[key] = target[key] || {}; });
      target[keys[keys.length - 1]] = theme[path];
    });
    return layout;
  }

  function render(element) {
    if (element.getAttribute("data-rendered")) return Promise.resolve();
    element.setAttribute("data-rendered", "loading");
    var spec = fetch(element.getAttribute("data-spec")).then(function (response) {
      if (!response.ok) throw new Error("chart data " + response.status);
      return response.json();
    });
    return Promise.all([loadPlotly(), spec]).then(function (loaded) {
      var Plotly = loaded[0], chart = loaded[1];
      return Plotly.newPlot(element, chart.data, applyTheme(chart.layout), chart.config);
    }).then(function () {
      element.setAttribute("data-rendered", "true");
      resizeObserver.observe(element);
    }).catch(function (error) {
      element.removeAttribute("data-rendered");
      element.setAttribute("data-error", error.message);
    });
  }

  // A chart drawn while hidden (a closed <details>, an inactive tab) or before a layout change
  // has the wrong size: redraw it whenever its box changes.
  var resizeObserver = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      if (window.Plotly && entry.contentRect.width > 0) window.Plotly.Plots.resize(entry.target);
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

  function plots() { return Array.prototype.slice.call(document.querySelectorAll(".chart__plot")); }

  function retheme() {
    if (!window.Plotly) return;
    plots().forEach(function (element) {
      if (element.getAttribute("data-rendered") === "true") window.Plotly.relayout(element, themeLayout());
    });
  }

  function copyCitation(event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var text = document.getElementById(button.getAttribute("data-copy")).textContent;
    navigator.clipboard.writeText(text).then(function () {
      button.firstChild.textContent = "Copied";
      setTimeout(function () { button.firstChild.textContent = "Copy"; }, 2000);
    });
  }

  function setUpPage() {
    plots().forEach(function (element) { visibilityObserver.observe(element); });
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      if (navigator.clipboard) button.hidden = false;
    });
  }

  new MutationObserver(retheme).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  document.addEventListener("click", copyCitation);
  // Printing: draw every chart first, so that a handout never has an empty box.
  window.addEventListener("beforeprint", function () { plots().forEach(render); });
  window.explainerRenderAll = function () { return Promise.all(plots().map(render)); };

  if (window.document$) {
    window.document$.subscribe(setUpPage);  // Material's instant navigation swaps pages without a reload
  } else {
    setUpPage();
  }
})();
