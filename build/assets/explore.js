// Exploring a drawn chart: keyboard reading, the timeline's filters and event details, and image
// downloads. Loaded with plotly.js by explainer.js, so that pages without charts never fetch it.
(function () {
  "use strict";
  var shared; // helpers from explainer.js: theme colours and the embed flag

  // Keyboard: the chart is focusable; arrow keys step through its points in reading order,
  // show each point's label and announce its text.
  function plainText(html) {
    var parsed = new DOMParser().parseFromString(String(html).replace(/<br>/g, ". "), "text/html");
    return parsed.body.textContent;
  }

  function readingOrder(element, reading) {
    var points = [];
    var rows = (element.layout.yaxis && element.layout.yaxis.categoryarray) || [];
    var columns = (element.layout.xaxis && element.layout.xaxis.categoryarray) || [];
    element.data.forEach(function (trace, curve) {
      if (trace.hoverinfo === "skip" || trace.visible === false) return;
      (trace.x || []).forEach(function (x, point) {
        var label = (trace.hovertext && trace.hovertext[point]) || (trace.text && trace.text[point]) || "";
        points.push({ curve: curve, point: point, x: x, y: trace.y[point], row: rows.length - 1 - rows.indexOf(trace.y[point]), text: label,
                      id: trace.customdata && trace.customdata[point] });
      });
    });
    var column = function (x) { return columns.length ? columns.indexOf(x) : x; };
    // A map reads from north to south, then west to east, as a reader's eye goes down the map.
    if (reading === "map") return points.sort(function (a, b) { return b.y - a.y || a.x - b.x; });
    points.sort(function (a, b) {
      var byX = column(a.x) < column(b.x) ? -1 : column(a.x) > column(b.x) ? 1 : 0;
      return reading === "time" ? byX || a.row - b.row : a.row - b.row || byX;
    });
    return points;
  }

  function setUpKeyboard(element, chart) {
    var figure = element.closest("figure");
    var live = figure.querySelector(".chart__live");
    var position = -1;
    element.addEventListener("keydown", function (event) {
      var points = readingOrder(element, chart.explore.reading);
      if (!points.length) return;
      var moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
      if (event.key in moves) position = Math.max(0, Math.min(points.length - 1, position + moves[event.key]));
      else if (event.key === "Home") position = 0;
      else if (event.key === "End") position = points.length - 1;
      else if (event.key === "Enter" && position >= 0 && points[position].id && (chart.explore.events || chart.explore.places)) {
        (chart.explore.events ? openEvent : openPlace)(element, chart, points[Math.min(position, points.length - 1)].id);
        event.preventDefault();
        return;
      } else return;
      event.preventDefault();
      var current = points[position];
      window.Plotly.Fx.hover(element, [{ curveNumber: current.curve, pointNumber: current.point }]);
      live.textContent = (position + 1) + " of " + points.length + ": " + plainText(current.text);
    });
    element.addEventListener("blur", function () { window.Plotly.Fx.unhover(element); });
  }

  // The timeline: filters by theme and actor, jumps to a period, opens an event; the view is kept in the URL.
  function controlsOf(figure) {
    var controls = figure.querySelector(".chart__controls");
    return {
      box: controls,
      period: function () { var checked = controls.querySelector(".chart__periods input:checked"); return checked ? checked.value : ""; },
      themes: function () {
        return Array.prototype.map.call(controls.querySelectorAll(".chart__themes input:checked"), function (box) { return box.value; });
      },
      actors: function () {
        return Array.prototype.map.call(controls.querySelector("select").selectedOptions, function (option) { return option.value; });
      }
    };
  }

  function filteredData(chart, themes, actors) {
    return chart.data.map(function (trace) {
      var keep = (trace.customdata || []).map(function (id) {
        var event = chart.explore.events[id];
        return themes.indexOf(event.theme) >= 0 &&
          (!actors.length || event.actors.some(function (actor) { return actors.indexOf(actor) >= 0; }));
      });
      var copy = Object.assign({}, trace);
      ["x", "y", "customdata", "text"].forEach(function (key) {
        if (Array.isArray(trace[key])) copy[key] = trace[key].filter(function (_, i) { return keep[i]; });
      });
      copy.marker = Object.assign({}, trace.marker);
      if (Array.isArray(trace.marker.symbol)) copy.marker.symbol = trace.marker.symbol.filter(function (_, i) { return keep[i]; });
      return copy;
    });
  }

  function applyView(element, chart, updateUrl) {
    var figure = element.closest("figure");
    var controls = controlsOf(figure);
    var themes = controls.themes(), actors = controls.actors(), period = controls.period();
    var data = shared.themedData(element, filteredData(chart, themes, actors));
    var layout = shared.applyUpdate(JSON.parse(JSON.stringify(chart.layout)), shared.themeUpdate(element));
    var range = chart.explore.periods.filter(function (p) { return p[0] === period; })[0];
    if (range) {
      var lastDate = chart.data.reduce(function (last, trace) {
        return (trace.x || []).reduce(function (a, b) { return a > b ? a : b; }, last);
      }, "");
      layout.xaxis.range = [range[2], range[3] || lastDate];
      layout.xaxis.autorange = false;
      layout.xaxis.tickmode = "auto";  // the static drawing's ticks are for the whole range
    }
    var shown = data.reduce(function (n, trace) { return n + trace.x.length; }, 0);
    figure.querySelector(".chart__count").textContent = "Showing " + shown + " of " + Object.keys(chart.explore.events).length + " events.";
    if (updateUrl) saveView(figure, { themes: themes, actors: actors, period: period });
    return window.Plotly.react(element, data, layout, chart.config);
  }

  function saveView(figure, view) {
    var params = new URLSearchParams(location.search);
    ["chart", "themes", "actors", "period", "event", "place"].forEach(function (key) { params.delete(key); });
    params.set("chart", figure.id);
    var all = Array.prototype.map.call(figure.querySelectorAll(".chart__themes input"), function (box) { return box.value; });
    if (view.themes && view.themes.length !== all.length) params.set("themes", view.themes.join(","));
    if (view.actors && view.actors.length) params.set("actors", view.actors.join(","));
    ["period", "event", "place"].forEach(function (key) { if (view[key]) params.set(key, view[key]); });
    history.replaceState(history.state, "", location.pathname + "?" + params.toString() + location.hash);
  }

  function restoreView(figure) {
    var params = new URLSearchParams(location.search);
    if (params.get("chart") !== figure.id) return null;
    var themes = params.get("themes"), actors = (params.get("actors") || "").split(","), period = params.get("period") || "";
    figure.querySelectorAll(".chart__themes input").forEach(function (box) {
      box.checked = !themes || themes.split(",").indexOf(box.value) >= 0;
    });
    Array.prototype.forEach.call(figure.querySelector(".chart__controls select").options, function (option) {
      option.selected = actors.indexOf(option.value) >= 0;
    });
    figure.querySelectorAll(".chart__periods input").forEach(function (radio) { radio.checked = radio.value === period; });
    return params.get("event");
  }

  function link(href, text) {
    var anchor = document.createElement("a");
    anchor.href = href;
    anchor.textContent = text;
    if (shared.embedded) { anchor.target = "_blank"; anchor.rel = "noopener"; } else if (/^https?:/.test(href)) { anchor.rel = "noopener"; }
    return anchor;
  }

  // An event's details come from its row in the chart's data table, which the page already holds.
  function cellOf(row, column) {
    var headers = Array.prototype.map.call(row.closest("table").querySelectorAll("th"), function (th) { return th.textContent; });
    return row.cells[headers.indexOf(column)];
  }

  function openEvent(element, chart, id) {
    var figure = element.closest("figure");
    var event = chart.explore.events[id];
    var row = figure.querySelector('tr[data-row="' + CSS.escape(id) + '"]');
    var panel = figure.querySelector(".chart__event");
    if (!event || !row || !panel) return;
    var root = figure.getAttribute("data-root");
    panel.textContent = "";
    var heading = document.createElement("p");
    heading.className = "chart__event-title";
    heading.textContent = cellOf(row, "Date").textContent + ": " + cellOf(row, "Event").textContent;
    var summary = document.createElement("p");
    summary.textContent = cellOf(row, "Summary").textContent;
    panel.append(heading, summary, sourcesOf(row));
    if (event.chapters.length) panel.append(listed("Discussed in: ", chapterLinks(chart, root, event.chapters)));
    // Each place the event happened in, on the first map that shows it, with the place selected.
    var places = event.places.map(function (place) {
      var name = chart.explore.place_names[place], map = (chart.explore.maps || {})[place];
      return map ? link(root + map, name) : name;
    });
    if (places.length) panel.append(listed("Where: ", places));
    var view = currentView(figure);
    view.event = id;
    showPanel(element, panel, view, "Link to this event", function () { saveView(figure, currentView(figure)); });
  }

  function sourcesOf(row) {
    var sources = Array.prototype.map.call(cellOf(row, "Sources").querySelectorAll("a"), function (source) {
      return link(source.href, source.textContent);
    });
    return listed("Sources: ", sources);
  }

  function chapterLinks(chart, root, slugs) {
    return slugs.map(function (slug) { return link(root + "chapters/" + slug + "/", (chart.explore.chapters || {})[slug] || slug); });
  }

  // A paragraph (or list item): a label, then links or names separated by semicolons.
  function listed(label, items, tag) {
    var paragraph = document.createElement(tag || "p");
    paragraph.append(label);
    items.forEach(function (item, i) { paragraph.append(i ? "; " : "", item); });
    return paragraph;
  }

  // The details panel's last line: a link to what it shows, and Close. The address names what it shows.
  function showPanel(element, panel, view, linkText, onClose) {
    var figure = element.closest("figure");
    var permalink = link(location.href, linkText);
    permalink.className = "chart__event-link";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "md-button chart__event-close";
    close.textContent = "Close";
    close.addEventListener("click", function () { panel.hidden = true; element.focus(); onClose(); });
    panel.append(permalink, " ", close);
    panel.hidden = false;
    saveView(figure, view);
    permalink.href = location.href;
    panel.focus();
  }

  // A map: selecting a place lists what happened there, each event linked to the full timeline (in
  // the form of its "Link to this event") and to the chapters that discuss it.
  function openPlace(element, chart, id) {
    var figure = element.closest("figure");
    var place = chart.explore.places[id];
    var panel = figure.querySelector(".chart__event");
    if (!place || !panel) return;
    var root = figure.getAttribute("data-root");
    var timeline = chart.explore.timeline || { events: [] };
    panel.textContent = "";
    var heading = document.createElement("p");
    heading.className = "chart__event-title";
    heading.textContent = place.name;
    var about = document.createElement("p");
    about.textContent = place.about;
    panel.append(heading, about, document.createTextNode(place.events.length ? "What happened here:" : "No event of this map happened here."));
    var events = document.createElement("ul");
    place.events.forEach(function (event) {  // [id, date, title, chapter slugs]
      var links = chapterLinks(chart, root, event[3]);
      if (timeline.events.indexOf(event[0]) >= 0) links.unshift(link(root + timeline.href + "&event=" + encodeURIComponent(event[0]), "on the timeline"));
      events.append(listed(event[1] + ": " + event[2] + (links.length ? ". " : ""), links, "li"));
    });
    if (place.events.length) panel.append(events);
    var row = figure.querySelector('tr[data-row="' + CSS.escape(id) + '"]');
    if (row) panel.append(sourcesOf(row));
    showPanel(element, panel, { place: id }, "Link to this place", function () { saveView(figure, {}); });
  }

  function currentView(figure) {
    var controls = controlsOf(figure);
    return { themes: controls.themes(), actors: controls.actors(), period: controls.period() };
  }

  // A matrix of cells keeps its squares inside their columns on a narrow screen, and turns
  // the column labels upright when they no longer fit side by side.
  function fitCells(element, chart) {
    if (!chart.explore.cells || !element._fullLayout) return;
    var columns = (chart.layout.xaxis.categoryarray || []).length || 1;
    var width = element._fullLayout._size.w / columns;
    var size = Math.max(12, Math.min(chart.explore.cells, Math.floor(width * 0.9)));
    var fixed = chart.layout.xaxis.tickangle;  // set to match the static drawing's labels
    var angle = fixed !== undefined ? fixed : width < 90 ? -90 : 0;
    var current = element.data[0] ? element.data[0].marker.size : size;
    if (Math.abs(current - size) <= 2 && (element._fullLayout.xaxis.tickangle || 0) === angle) return;
    window.Plotly.update(element, { "marker.size": size, "textfont.size": Math.round(size * 0.42) }, { "xaxis.tickangle": angle });
  }

  // plotly.js writes its stylesheet once, when it loads; Material's instant navigation drops it with the
  // old page's <head>, after which plotly.js's overlay layers would cover what follows a chart (such as
  // the links of an event's or a place's details). Its rules are kept, and written again when missing.
  var plotlyRules = "";
  function keepPlotlyStyle() {
    var style = document.getElementById("plotly.js-style-global");
    if (style && style.sheet && !plotlyRules) {
      plotlyRules = Array.prototype.map.call(style.sheet.cssRules, function (rule) { return rule.cssText; }).join("\n");
    }
    if (style || !plotlyRules) return;
    style = document.createElement("style");
    style.id = "plotly.js-style-global";
    style.textContent = plotlyRules;
    document.head.appendChild(style);
  }

  function setUp(element, chart, helpers) {
    shared = helpers;
    keepPlotlyStyle();
    fitCells(element, chart);
    setUpKeyboard(element, chart);
    var figure = element.closest("figure");
    if (chart.explore.places) {
      element.on("plotly_click", function (data) { openPlace(element, chart, data.points[0].customdata); });
      var params = new URLSearchParams(location.search);
      if (params.get("chart") === figure.id && params.get("place")) openPlace(element, chart, params.get("place"));
      return;
    }
    if (!chart.explore.events || !figure.querySelector(".chart__controls")) return;
    var controls = controlsOf(figure);
    var eventId = restoreView(figure);
    controls.box.hidden = false;
    controls.box.addEventListener("change", function () { applyView(element, chart, true); });
    element.on("plotly_click", function (data) { openEvent(element, chart, data.points[0].customdata); });
    applyView(element, chart, false).then(function () { if (eventId) openEvent(element, chart, eventId); });
  }

  // Downloads: the chart as shown, with its title and credit drawn in, as PNG or SVG.
  function downloadImage(button, chart) {
    var figure = button.closest("figure");
    var element = figure.querySelector(".chart__plot");
    var layout = JSON.parse(JSON.stringify(element.layout));
    var credit = figure.querySelector(".chart__source").textContent.trim();
    var width = Math.max(element.offsetWidth, 600), height = element.offsetHeight, bottom = layout.margin.b || 0;
    layout.title = { text: escapeHtml(chart.explore.title), x: 0, xref: "container", xanchor: "left", y: 1, yref: "container",
                     yanchor: "top", pad: { t: 12, l: 12 }, font: { size: 17 } };
    // Room for the title above and the credit below; the chart's own frame stays as it is.
    layout.margin = Object.assign({}, layout.margin, { t: (layout.margin.t || 0) + 48, b: bottom + 56 });
    if (layout.legend && layout.legend.yref === "container") {  // keep its distance from the plot
      layout.legend = Object.assign({}, layout.legend, { y: 1 - ((1 - layout.legend.y) * height + 48) / (height + 104) });
    }
    // The credit starts at the image's left edge (12 px in), in lines that fit its width.
    var plotWidth = width - (layout.margin.l || 0) - (layout.margin.r || 0);
    var lines = credit.match(new RegExp(".{1," + Math.floor((width - 24) / 5.6) + "}(\\s|$)", "g")).slice(0, 2);
    layout.annotations = (layout.annotations || []).concat([{ text: lines.map(escapeHtml).join("<br>"), xref: "paper", yref: "paper",
      x: -((layout.margin.l || 0) - 12) / plotWidth, y: 0, yshift: -(bottom + 8), xanchor: "left", yanchor: "top", align: "left",
      showarrow: false, font: { size: 10 } }]);
    layout.paper_bgcolor = shared.cssVar(element, "--md-default-bg-color", "#ffffff");
    var format = button.getAttribute("data-image");
    return window.Plotly.toImage({ data: element.data, layout: layout, config: chart.config },
      { format: format, width: width, height: height + 104 }).then(function (url) {
      var anchor = document.createElement("a");
      anchor.href = url;
      anchor.download = chart.explore.key + "." + format;
      document.body.appendChild(anchor);
      anchor.click();
      anchor.remove();
    });
  }

  function escapeHtml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  window.explainerExplore = { setUp: setUp, downloadImage: downloadImage, fitCells: fitCells };
})();
