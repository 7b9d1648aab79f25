// Exploring a drawn chart: keyboard reading, the timeline's filters and event details, and image
// downloads. Loaded with plotly.js by explainer.js, so that pages without charts never fetch it.
(function () {
  "use strict";
  var shared; // helpers from explainer.js: theme colours and the embed flag

  var t = window.explainerWords;  // the page's words (explainer.js)

  // Keyboard: the chart is focusable; arrow keys step through its points in reading order,
  // show each point's label and announce its text.
  function plainText(html) {
    // A soft break (charts/figures.py SOFT_BREAK) only wraps a line: it reads as a space.
    var parsed = new DOMParser().parseFromString(String(html).replace(/<br>\u2060/g, " ").replace(/<br>/g, ". "), "text/html");
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
      live.textContent = t("{position} of {count}: {text}", { position: position + 1, count: points.length, text: plainText(current.text) });
    });
    element.addEventListener("blur", function () { window.Plotly.Fx.unhover(element); });
  }

  // The timeline: filters by theme, actor, period and any date range, and opens an event. The view
  // is kept in the URL, and the title, count, share box, CSV and images all follow it.
  var DATE = /^\d{4}(-(0[1-9]|1[0-2]))?$/;
  var MONTHS = [t("January {year}"), t("February {year}"), t("March {year}"), t("April {year}"), t("May {year}"), t("June {year}"),
                t("July {year}"), t("August {year}"), t("September {year}"), t("October {year}"), t("November {year}"),
                t("December {year}")];

  function controlsOf(figure) {
    var controls = figure.querySelector(".chart__controls");
    function date(name) {
      var value = controls.querySelector("input[name=" + name + "]").value.trim();
      return DATE.test(value) ? value : "";
    }
    return {
      box: controls,
      period: function () { var checked = controls.querySelector(".chart__periods input:checked"); return checked ? checked.value : ""; },
      themes: function () {
        return Array.prototype.map.call(controls.querySelectorAll(".chart__themes input:checked"), function (box) { return box.value; });
      },
      actors: function () {
        return Array.prototype.map.call(controls.querySelector("select").selectedOptions, function (option) { return option.value; });
      },
      from: function () { return date("from"); },
      to: function () { return date("to"); }
    };
  }

  // A partial date (YYYY or YYYY-MM) as the first or last day it covers, and as words.
  function firstDay(date) { return date.length === 4 ? date + "-01-01" : date + "-01"; }
  function lastDay(date) {
    if (date.length === 4) return date + "-12-31";
    return date + "-" + new Date(Number(date.slice(0, 4)), Number(date.slice(5, 7)), 0).getDate();
  }
  function dateWords(date) { return date.length === 4 ? date : MONTHS[Number(date.slice(5, 7)) - 1].replace("{year}", date.slice(0, 4)); }
  function inWords(items) {
    if (items.length < 2) return items.join("");
    return t("{items} and {last}", { items: items.slice(0, -1).join(t(", ")), last: items[items.length - 1] });
  }

  function inView(chart, view, id, date) {
    var event = chart.explore.events[id];
    return view.themes.indexOf(event.theme) >= 0 &&
      (!view.actors.length || event.actors.some(function (actor) { return view.actors.indexOf(actor) >= 0; })) &&
      (!view.from || date >= firstDay(view.from)) && (!view.to || date <= lastDay(view.to));
  }

  function filteredData(chart, view) {
    return chart.data.map(function (trace) {
      return keepPoints(trace, (trace.customdata || []).map(function (id, i) { return inView(chart, view, id, trace.x[i]); }));
    });
  }

  // The view in words, for the title and the count: "Terrorism, December 2015 to 2026".
  function describe(chart, view) {
    var parts = [], names = {};
    if (view.themes.length < chart.explore.themes.length) {
      parts.push(inWords(chart.explore.themes.filter(function (theme) { return view.themes.indexOf(theme[0]) >= 0; })
                                            .map(function (theme) { return theme[1]; })) || t("no theme"));
    }
    chart.explore.actors.forEach(function (actor) { names[actor[0]] = actor[1]; });
    if (view.actors.length) parts.push(t("involving {actors}", { actors: inWords(view.actors.map(function (id) { return names[id] || id; })) }));
    var period = chart.explore.periods.filter(function (p) { return p[0] === view.period; })[0];
    if (view.from || view.to) {
      parts.push(view.from && view.to ? t("{start} to {end}", { start: dateWords(view.from), end: dateWords(view.to) })
                 : view.from ? t("from {date}", { date: dateWords(view.from) }) : t("up to {date}", { date: dateWords(view.to) }));
    } else if (period) {
      parts.push(period[1]);
    }
    return parts.join(t(", "));
  }

  function viewParams(figure, view) {
    var params = new URLSearchParams();
    var all = figure.querySelectorAll(".chart__themes input").length;
    if (view.themes && view.themes.length !== all) params.set("themes", view.themes.join(","));
    if (view.actors && view.actors.length) params.set("actors", view.actors.join(","));
    if (view.period) params.set("period", view.period);
    if (view.from) params.set("from", view.from);
    if (view.to) params.set("to", view.to);
    return params;
  }

  function applyView(element, chart, updateUrl) {
    var figure = element.closest("figure");
    var view = currentView(figure);
    var data = shared.themedData(element, filteredData(chart, view));
    var layout = shared.applyUpdate(JSON.parse(JSON.stringify(chart.layout)), shared.themeUpdate(element));
    var range = chart.explore.periods.filter(function (p) { return p[0] === view.period; })[0];
    var dates = chart.data.reduce(function (all, trace) { return all.concat(trace.x || []); }, []).sort();
    var start = range ? range[2] : dates[0], end = range ? range[3] || dates[dates.length - 1] : dates[dates.length - 1];
    if (view.from) start = firstDay(view.from);
    if (view.to) end = lastDay(view.to);
    if (range || view.from || view.to) {
      layout.xaxis.range = [start, end];
      layout.xaxis.autorange = false;
      layout.xaxis.tickmode = "auto";  // the static drawing's ticks are for the whole range
    }
    var shown = [];
    data.forEach(function (trace) { shown = shown.concat(trace.customdata || []); });
    var total = Object.keys(chart.explore.events).length;
    var description = describe(chart, view);
    var title = description ? t("Timeline: {view}", { view: description }) : null;
    figure.querySelector(".chart__count").textContent =
      description ? t("Showing {shown} of {total} events: {view}.", { shown: shown.length, total: total, view: description })
                  : t("Showing {shown} of {total} events.", { shown: shown.length, total: total });
    creditLine(figure, chart, description ? shown : null);
    showView(figure, viewParams(figure, view), title, description ? shown : null);
    if (updateUrl) saveView(figure, view);
    return window.Plotly.react(element, data, layout, chart.config);
  }

  // A narrowed view's credit line names the publishers of the rows shown, most sources first, as
  // the build names the whole chart's (charts/render.py, chart_html); the image downloads copy it.
  function creditLine(figure, chart, shown) {
    var line = figure.querySelector(".chart__publishers"), credits = chart.explore.credits;
    if (!line || !credits) return;
    if (!line.hasAttribute("data-text")) line.setAttribute("data-text", line.textContent);
    var counts = {}, seen = {};
    (shown || []).forEach(function (id) {
      (credits.rows[id] || []).forEach(function (source) {
        if (seen[source]) return;
        seen[source] = true;
        var name = credits.publishers[credits.sources[source]];
        counts[name] = (counts[name] || 0) + 1;
      });
    });
    var names = Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a] || (a < b ? -1 : a > b ? 1 : 0); });
    if (!names.length) line.textContent = line.getAttribute("data-text");
    else if (names.length > 4) line.textContent = t("Sources: {publishers} and {count} more.", { publishers: names.slice(0, 4).join("; "), count: names.length - 4 });
    else line.textContent = t("Sources: {publishers}.", { publishers: names.join("; ") });
  }

  function saveView(figure, view) {
    var params = viewParams(figure, view);
    ["event", "place"].forEach(function (key) { if (view[key]) params.set(key, view[key]); });
    saveParams(figure, params);
  }

  // The page's address names the chart and its view, so that a copied address shows the same.
  function saveParams(figure, view) {
    var params = new URLSearchParams(location.search);
    ["chart", "event", "place"].concat(shared.viewParams).forEach(function (key) { params.delete(key); });
    params.set("chart", figure.id);
    view.forEach(function (value, key) { params.set(key, value); });
    history.replaceState(history.state, "", location.pathname + "?" + params.toString() + location.hash);
  }

  // The view a shared address asks of this figure; a chart's own page (an embed) takes it without
  // the chart being named.
  function askedParams(figure) {
    var params = new URLSearchParams(location.search);
    return params.get("chart") === figure.id || (shared.embedded && !params.get("chart")) ? params : null;
  }

  // The box of choices below a chart (charts/templates/chart.html.j2), filled here: they are of use only
  // once plotly.js has drawn it. It starts from the view a shared address asks for. Each group is of
  // many values, or of one ("single").
  function choicesBox(figure, groups) {
    var box = figure.querySelector(".chart__choices");
    box.insertAdjacentHTML("beforeend", groups.map(function (group) {
      var items = group.single ? [["", t("All")]].concat(group.items) : group.items;
      return '<fieldset class="chart__choices-' + group.name + '"><legend>' + escapeHtml(group.legend) + "</legend>" + items.map(function (item) {
        return '<label><input type="' + (group.single ? "radio" : "checkbox") + '" name="' + figure.id + "-" + group.name +
          '" data-choice="' + group.name + '" value="' + escapeHtml(item[0]) + '"> ' + escapeHtml(item[1]) + "</label>";
      }).join(" ") + "</fieldset>";
    }).join("") + '<p class="chart__count" aria-live="polite"></p>');
    var asked = askedParams(figure);
    groups.forEach(function (group) {
      var wanted = asked && asked.get(group.name) ? asked.get(group.name).split(",") : null;
      if (wanted) box.open = true;
      box.querySelectorAll("input[data-choice=" + group.name + "]").forEach(function (input) {
        input.checked = group.single ? input.value === (wanted ? wanted[0] : "") : !wanted || wanted.indexOf(input.value) >= 0;
      });
    });
    return box;
  }

  // The values chosen in a group: none when every one (or, of one, "All") is chosen.
  function chosenIn(box, name) {
    var inputs = box.querySelectorAll("input[data-choice=" + name + "]");
    var values = Array.prototype.filter.call(inputs, function (input) { return input.checked && input.value; })
      .map(function (input) { return input.value; });
    return values.length === inputs.length ? [] : values;
  }

  // The points of a trace that are kept, with every per-point array of the trace and its marker.
  function keepPoints(trace, keep) {
    var copy = Object.assign({}, trace);
    ["x", "y", "customdata", "text", "hovertext", "textposition"].forEach(function (key) {
      if (Array.isArray(trace[key])) copy[key] = trace[key].filter(function (_, i) { return keep[i]; });
    });
    if (trace.marker) {
      copy.marker = Object.assign({}, trace.marker);
      Object.keys(trace.marker).forEach(function (key) {
        if (Array.isArray(trace.marker[key])) copy.marker[key] = trace.marker[key].filter(function (_, i) { return keep[i]; });
      });
    }
    return copy;
  }

  // The narrowed view's parameters, title and rows, shown in the title, count, share box and CSV,
  // and kept in the address.
  function showChoices(figure, chart, chosen, title, rows, updateUrl) {
    var params = new URLSearchParams();
    Object.keys(chosen).forEach(function (name) { if (chosen[name].length) params.set(name, chosen[name].join(",")); });
    var narrowed = Boolean(params.toString());
    creditLine(figure, chart, narrowed ? rows : null);
    showView(figure, params, narrowed ? title : null, narrowed ? rows : null);
    if (updateUrl) saveParams(figure, params);
  }

  // A chart's box of choices, filled, and the view redrawn whenever a choice changes; drawn at once,
  // which also writes the count.
  function setUpChoices(element, chart, choicesOf, apply) {
    var box = choicesOf(element.closest("figure"), chart);
    box.addEventListener("change", function () { apply(element, chart, box, true); });
    apply(element, chart, box, false);
  }

  // The stance matrix: a reader narrows it to some actors and issues. The rows keep their height.
  function matrixChoices(figure, chart) {
    return choicesBox(figure, [
      { name: "issues", legend: t("Issues"), items: chart.explore.filters.issues },
      { name: "actors", legend: t("Actors"), items: chart.explore.filters.actors }]);
  }

  function applyMatrixView(element, chart, box, updateUrl) {
    var figure = element.closest("figure"), filters = chart.explore.filters;
    var chosen = { actors: chosenIn(box, "actors"), issues: chosenIn(box, "issues") };
    function kept(id) {
      var parts = id.split("/");
      return (!chosen.actors.length || chosen.actors.indexOf(parts[0]) >= 0) && (!chosen.issues.length || chosen.issues.indexOf(parts[1]) >= 0);
    }
    var rows = [], names = {}, labels = {};
    var data = chart.data.map(function (trace) {
      var copy = keepPoints(trace, trace.customdata.map(kept));
      copy.customdata.forEach(function (id, i) { rows.push(id); names[copy.y[i]] = true; labels[copy.x[i]] = true; });
      return copy;
    });
    var layout = shared.applyUpdate(JSON.parse(JSON.stringify(chart.layout)), shared.themeUpdate(element));
    layout.yaxis.categoryarray = chart.layout.yaxis.categoryarray.filter(function (name) { return names[name]; });
    layout.xaxis.categoryarray = chart.layout.xaxis.categoryarray.filter(function (label) { return labels[label]; });
    ["xaxis", "yaxis"].forEach(function (axis) {  // the frame the static drawing set, for the rows and columns kept
      var shown = layout[axis].categoryarray, ticks = layout[axis].tickvals || [];
      layout[axis].range = [-0.5, shown.length - 0.5];
      layout[axis].tickvals = ticks.filter(function (value) { return shown.indexOf(value) >= 0; });
      layout[axis].ticktext = ticks.map(function (value, i) { return [value, layout[axis].ticktext[i]]; })
        .filter(function (tick) { return shown.indexOf(tick[0]) >= 0; }).map(function (tick) { return tick[1]; });
    });
    // Rows keep their height: the plot's box shrinks by the rows left out, its margins stay.
    var margins = chart.layout.margin.t + chart.layout.margin.b, allRows = chart.layout.yaxis.categoryarray.length;
    layout.height = Math.round(margins + (chart.layout.height - margins) / allRows * Math.max(1, layout.yaxis.categoryarray.length));
    element.style.height = layout.height + "px";
    function named(name) {
      return filters[name].filter(function (item) { return chosen[name].indexOf(item[0]) >= 0; }).map(function (item) { return item[1]; }).join(t(", "));
    }
    var title = chart.explore.view_title + (chosen.issues.length ? ": " + named("issues") : "") +
      (chosen.actors.length ? " (" + named("actors") + ")" : "");
    box.querySelector(".chart__count").textContent = t("Showing {actors} of {all_actors} actors and {issues} of {all_issues} issues.", {
      actors: layout.yaxis.categoryarray.length, all_actors: filters.actors.length,
      issues: layout.xaxis.categoryarray.length, all_issues: filters.issues.length });
    showChoices(figure, chart, chosen, title, rows, updateUrl);
    return window.Plotly.react(element, shared.themedData(element, data), layout, chart.config);
  }

  // A chart's own page (an embed) takes the view from its address without naming the chart.
  function restoreView(figure) {
    var params = askedParams(figure);
    if (!params) return null;
    var themes = params.get("themes"), actors = (params.get("actors") || "").split(","), period = params.get("period") || "";
    figure.querySelectorAll(".chart__themes input").forEach(function (box) {
      box.checked = !themes || themes.split(",").indexOf(box.value) >= 0;
    });
    Array.prototype.forEach.call(figure.querySelector(".chart__controls select").options, function (option) {
      option.selected = actors.indexOf(option.value) >= 0;
    });
    figure.querySelectorAll(".chart__periods input").forEach(function (radio) { radio.checked = radio.value === period; });
    ["from", "to"].forEach(function (name) {
      var value = params.get(name) || "";
      figure.querySelector(".chart__range input[name=" + name + "]").value = DATE.test(value) ? value : "";
    });
    return params.get("event");
  }

  // The share box names the view on screen (explore.js reports it: the filters as URL parameters,
  // its title, the ids of the rows shown) and the options chosen in the box: the embed code, the
  // citation and the link all follow them. The CSV download then holds only the rows shown.
  var views = new WeakMap(); // figure -> { params, title, rows }

  function showView(figure, params, title, rows) {
    views.set(figure, { params: params, title: title, rows: rows });
    var csvLink = figure.querySelector("a.chart__download[download]");
    if (csvLink && !csvLink.hasAttribute("data-rows")) {  // a filtered view's CSV holds only the rows shown
      csvLink.setAttribute("data-rows", "");
      csvLink.addEventListener("click", function (event) {
        if (!filtered(figure)) return;
        event.preventDefault();
        downloadRows(csvLink);
      });
    }
    var caption = figure.querySelector(".chart__title");
    if (!caption.hasAttribute("data-title")) caption.setAttribute("data-title", caption.textContent);
    caption.textContent = title || caption.getAttribute("data-title");
    if (shared.embedded) document.title = caption.textContent + document.title.slice(document.title.lastIndexOf(" – "));
    var cite = figure.querySelector("[id$='-cite']"), permalink = figure.querySelector(".chart__permalink");
    if (cite && permalink) {
      if (!permalink.hasAttribute("data-href")) {
        permalink.setAttribute("data-href", permalink.href);
        cite.setAttribute("data-text", cite.textContent);
      }
      var base = permalink.getAttribute("data-href"), hash = base.indexOf("#");
      var query = new URLSearchParams(params);
      if (params.toString()) query.set("chart", base.slice(hash + 1));
      var href = params.toString() ? base.slice(0, hash) + "?" + query + base.slice(hash) : base;
      permalink.href = permalink.textContent = href;
      cite.textContent = cite.getAttribute("data-text").replace(base, href)
        .replace("“" + caption.getAttribute("data-title") + "”", "“" + caption.textContent + "”");
    }
    figure.setAttribute("data-view", params.toString());
    if (title) figure.setAttribute("data-view-title", title); else figure.removeAttribute("data-view-title");
    updateEmbedCode(figure);
  }

  // CSV in the site's own dialect (charts/render.py): the first column of a timeline's file is the
  // event's id, which picks the rows shown.
  function parseCsv(text) {
    var rows = [], row = [], field = "", quoted = false;
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
      } else if (c === '"') quoted = true;
      else if (c === ",") { row.push(field); field = ""; }
      else if (c === "\n") { row.push(field); rows.push(row); row = []; field = ""; }
      else if (c !== "\r") field += c;
    }
    if (field || row.length) { row.push(field); rows.push(row); }
    return rows;
  }

  function csvText(rows) {
    return "\ufeff" + rows.map(function (row) {
      return row.map(function (field) { return /[",\n\r]/.test(field) ? '"' + field.replace(/"/g, '""') + '"' : field; }).join(",");
    }).join("\n") + "\n";
  }

  function saveFile(name, content, type) {
    var url = URL.createObjectURL(new Blob([content], { type: type }));
    var anchor = document.createElement("a");
    anchor.href = url;
    anchor.download = name;
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function filtered(figure) { var view = views.get(figure); return Boolean(view && view.rows); }

  function downloadRows(link) {
    var view = views.get(link.closest("figure"));
    return fetch(link.href).then(function (response) { return response.text(); }).then(function (text) {
      var rows = parseCsv(text.replace(/^\ufeff/, ""));
      var kept = rows.slice(1).filter(function (row) { return view.rows.indexOf(row[0]) >= 0; });
      var name = link.getAttribute("download").replace(/\.csv$/, "") + "--" + view.params.toString().replace(/[^a-z0-9-]+/gi, "-") + ".csv";
      saveFile(name, csvText([rows[0]].concat(kept)), "text/csv;charset=utf-8");
    });
  }

  // Plotly never wraps a hover label, and places it beside its point: in a narrow frame the lines
  // are wrapped again, shorter, so that a label fits beside any point without running off the frame.
  function wrapLine(line, chars) {
    var lines = [], current = "", length = 0;
    line.split(" ").forEach(function (word) {
      var visible = word.replace(/<[^>]*>/g, "").replace(/&[^;\s]+;/g, "x").length;
      if (length && length + 1 + visible > chars) {
        lines.push(current);
        current = word;
        length = visible;
      } else {
        current = current ? current + " " + word : word;
        length += (length ? 1 : 0) + visible;
      }
    });
    return lines.concat([current]).join("<br>\u2060");
  }

  function fitHoverText(element, data) {
    var chars = Math.floor((element.offsetWidth / 2 - 24) / 7);
    if (chars >= 60 || !element.offsetWidth) return data;
    chars = Math.max(chars, 18);
    function rewrap(text) { return String(text).split("<br>").map(function (line) { return wrapLine(line, chars); }).join("<br>"); }
    return data.map(function (trace) {
      var copy = Object.assign({}, trace);
      if (Array.isArray(trace.hovertext)) copy.hovertext = trace.hovertext.map(rewrap);
      else if (Array.isArray(trace.text) && String(trace.mode).indexOf("text") < 0) copy.text = trace.text.map(rewrap);
      return copy;
    });
  }

  // The share box follows the options chosen in it and the view on screen, recorded on the figure
  // (data-view: its filters as URL parameters; data-view-title). Its copy buttons come with it.
  function escapeAttribute(text) { return String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;"); }

  function updateEmbedCode(figure) {
    var code = figure.querySelector(".chart__embed-code"), options = figure.querySelector(".chart__embed-options");
    if (!code) return;
    var query = new URLSearchParams(figure.getAttribute("data-view") || "");
    if (options) options.querySelectorAll("select, input[name=transparent]").forEach(function (input) {
      var value = input.type === "checkbox" ? (input.checked ? input.value : "") : input.value;
      if (value) query.set(input.name, value);
    });
    var url = code.getAttribute("data-url") + (query.toString() ? "?" + query : "");
    var snippet = code.defaultValue.replace(/ src="[^"]*"/, ' src="' + escapeAttribute(url) + '"');
    var title = figure.getAttribute("data-view-title");
    if (title) snippet = snippet.replace(/ title="[^"]*"/, ' title="' + escapeAttribute(title) + '"');
    if (options && !options.querySelector("input[name=script]").checked) snippet = snippet.split("\n")[0];
    code.value = snippet;
  }

  // Copy to the clipboard; where the browser refuses (a frame without clipboard rights, an old
  // browser), select the text so that the reader can copy it with the keyboard.
  function copyText(button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var label = button.firstChild, before = label.textContent;
    function say(text) {
      label.textContent = text;
      setTimeout(function () { label.textContent = before; }, 3000);
    }
    function select() {
      if (source.select) {
        source.focus();
        source.select();
      } else {
        var range = document.createRange();
        range.selectNodeContents(source);
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
      }
      say(t("Selected: press Ctrl+C (⌘C) to copy"));
    }
    var text = source.value !== undefined ? source.value : source.textContent;
    if (!navigator.clipboard) return select();
    navigator.clipboard.writeText(text).then(function () { say(t("Copied")); }, select);
  }

  // The embed code's options; their names are the embed page's flags (build/assets/embed-theme.js).
  function embedOptions() {
    return '<legend>' + t("Options") + '</legend><label>' + t("Colours") + ' <select name="theme"><option value="">' +
      t("Follow the reader's setting") + '</option><option value="light">' + t("Light") + '</option><option value="dark">' + t("Dark") +
      '</option></select></label> <label><input type="checkbox" name="transparent" value="1"> ' + t("Transparent background") +
      '</label> <label>' + t("Show") + ' <select name="mode"><option value="">' + t("Chart, filters and data") +
      '</option><option value="plain">' + t("Chart only") + '</option><option value="static">' +
      t("Chart only, as a still drawing (no chart library)") + '</option></select></label> ' +
      '<label><input type="checkbox" name="script" checked> ' + t("Resize script") + '</label>';
  }

  function setUpShare(figure) {
    var code = figure.querySelector(".chart__embed-code");
    if (!code || figure.querySelector(".chart__embed-options")) return;
    var options = document.createElement("fieldset");
    options.className = "chart__embed-options";
    options.innerHTML = embedOptions();
    code.before(options);
    options.addEventListener("change", function () { updateEmbedCode(figure); });
    figure.querySelectorAll(".chart__share [data-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { copyText(button); });
    });
    var view = views.get(figure);  // a chapter's box arrives after the reader chose a view
    if (view) showView(figure, view.params, view.title, view.rows);
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

  // An event's or a place's details come from its row of the chart's data table, which a chapter
  // fetches from the chart's own page the first time a reader opens one (explainer.js, loadTable).
  function openEvent(element, chart, id) {
    return shared.loadTable(element.closest("figure")).catch(function () {}).then(function () { showEvent(element, chart, id); });
  }

  function openPlace(element, chart, id) {
    return shared.loadTable(element.closest("figure")).catch(function () {}).then(function () { showPlace(element, chart, id); });
  }

  function showEvent(element, chart, id) {
    var figure = element.closest("figure");
    var event = chart.explore.events[id];
    var row = figure.querySelector('tr[data-row="' + CSS.escape(id) + '"]');
    var panel = figure.querySelector(".chart__event");
    if (!event || !row || !panel) return;
    var root = figure.getAttribute("data-root");
    panel.textContent = "";
    var heading = document.createElement("p");
    heading.className = "chart__event-title";
    heading.textContent = cellOf(row, t("Date")).textContent + ": " + cellOf(row, t("Event")).textContent;
    var summary = document.createElement("p");
    summary.textContent = cellOf(row, t("Summary")).textContent;
    panel.append(heading, summary, sourcesOf(row));
    if (event.chapters.length) panel.append(listed(t("Discussed in:") + " ", chapterLinks(chart, root, event.chapters)));
    // Each place the event happened in, on the first map that shows it, with the place selected.
    var places = event.places.map(function (place) {
      var name = chart.explore.place_names[place], map = (chart.explore.maps || {})[place];
      return map ? link(root + map, name) : name;
    });
    if (places.length) panel.append(listed(t("Where:") + " ", places));
    var view = currentView(figure);
    view.event = id;
    showPanel(element, panel, view, t("Link to this event"), function () { saveView(figure, currentView(figure)); });
  }

  function sourcesOf(row) {
    var sources = Array.prototype.map.call(cellOf(row, t("Sources")).querySelectorAll("a"), function (source) {
      return link(source.href, source.textContent);
    });
    return listed(t("Sources:") + " ", sources);
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
    close.textContent = t("Close");
    close.addEventListener("click", function () { panel.hidden = true; element.focus(); onClose(); });
    panel.append(permalink, " ", close);
    panel.hidden = false;
    saveView(figure, view);
    permalink.href = location.href;
    panel.focus();
  }

  // A map: selecting a place lists what happened there, each event linked to the full timeline (in
  // the form of its "Link to this event") and to the chapters that discuss it.
  function showPlace(element, chart, id) {
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
    panel.append(heading, about, document.createTextNode(place.events.length ? t("What happened here:") : t("No event of this map happened here.")));
    var events = document.createElement("ul");
    place.events.forEach(function (event) {  // [id, date, title, chapter slugs]
      var links = chapterLinks(chart, root, event[3]);
      if (timeline.events.indexOf(event[0]) >= 0) links.unshift(link(root + timeline.href + "&event=" + encodeURIComponent(event[0]), t("on the timeline")));
      events.append(listed(event[1] + ": " + event[2] + (links.length ? ". " : ""), links, "li"));
    });
    if (place.events.length) panel.append(events);
    var row = figure.querySelector('tr[data-row="' + CSS.escape(id) + '"]');
    if (row) panel.append(sourcesOf(row));
    showPanel(element, panel, { place: id }, t("Link to this place"), function () { saveView(figure, {}); });
  }

  function currentView(figure) {
    var controls = controlsOf(figure);
    return { themes: controls.themes(), actors: controls.actors(), period: controls.period(), from: controls.from(), to: controls.to() };
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

  // A map: a reader narrows it to some places, or to the places of one period's events. The frame stays.
  function mapChoices(figure, chart) {
    var places = chart.explore.places;
    var items = Object.keys(places).map(function (id) { return [id, places[id].name]; })
      .sort(function (a, b) { return a[1].localeCompare(b[1]); });
    return choicesBox(figure, [
      { name: "period", legend: t("Period"), items: chart.explore.periods, single: true },
      { name: "places", legend: t("Places"), items: items }]);
  }

  function applyMapView(element, chart, box, updateUrl) {
    var figure = element.closest("figure"), places = chart.explore.places;
    var chosen = { period: chosenIn(box, "period"), places: chosenIn(box, "places") };
    var ids = Object.keys(places).filter(function (id) {
      return (!chosen.places.length || chosen.places.indexOf(id) >= 0) &&
        (!chosen.period.length || places[id].periods.indexOf(chosen.period[0]) >= 0);
    });
    // Names for the places kept, placed at build time (charts/figures.py, place_map).
    var positions = chosen.places.length ? ids.reduce(function (all, id) { all[id] = places[id].label; return all; }, {})
      : chosen.period.length ? chart.explore.period_labels[chosen.period[0]] : null;
    var data = chart.data.map(function (trace) {
      if (positions && trace.mode === "text" && trace.customdata) {
        var named = ids.filter(function (id) { return positions[id]; });
        return Object.assign({}, trace, { customdata: named, text: named.map(function (id) { return places[id].name; }),
          x: named.map(function (id) { return places[id].x; }), y: named.map(function (id) { return places[id].y; }),
          textposition: named.map(function (id) { return positions[id]; }) });
      }
      return trace.customdata ? keepPoints(trace, trace.customdata.map(function (id) { return ids.indexOf(id) >= 0; })) : trace;
    });
    var parts = chart.explore.periods.filter(function (period) { return period[0] === chosen.period[0]; }).map(function (period) { return period[1]; });
    if (chosen.places.length) {
      var names = chosen.places.map(function (id) { return places[id].name; });
      parts.push(names.length > 3 ? t("{places} and {count} more", { places: names.slice(0, 3).join(t(", ")), count: names.length - 3 })
                                  : names.join(t(", ")));
    }
    box.querySelector(".chart__count").textContent = t("Showing {shown} of {total} places.", { shown: ids.length, total: Object.keys(places).length });
    showChoices(figure, chart, chosen, chart.explore.view_title + ": " + parts.join(t(", ")), ids, updateUrl);
    var layout = shared.applyUpdate(JSON.parse(JSON.stringify(chart.layout)), shared.themeUpdate(element));
    return window.Plotly.react(element, shared.themedData(element, data), layout, chart.config);
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
      setUpChoices(element, chart, mapChoices, applyMapView);
      element.on("plotly_click", function (data) { openPlace(element, chart, data.points[0].customdata); });
      var params = new URLSearchParams(location.search);
      if (params.get("chart") === figure.id && params.get("place")) openPlace(element, chart, params.get("place"));
      return;
    }
    if (chart.explore.filters) {
      setUpChoices(element, chart, matrixChoices, applyMatrixView);
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

  // Downloads: the chart as shown (its filters too), for print: at least 1,000 px wide at twice
  // (or three times) the pixels, so at least 2,000 px; in the light palette unless the reader asks
  // for dark; with the title, the credit (sources, licence, the chart's address) and a key, each
  // wrapped to the image's width, never cut.
  var PALETTES = {
    light: { text: "rgba(0,0,0,0.87)", grid: "rgba(0,0,0,0.12)", background: "#ffffff", outline: "#1f1f1f" },
    dark: { text: "rgba(226,228,233,0.87)", grid: "rgba(255,255,255,0.18)", background: "#1e2129", outline: "#e2e4e9" }
  };
  var IMAGE_WIDTH = 1000;  // px before scaling
  var LICENCE = t("Licence: CC BY 4.0, {url}", { url: "https://creativecommons.org/licenses/by/4.0/" });
  // What the timeline's marks mean (charts/figures.py draws them; its summary says the same).
  var TIMELINE_KEY = { day: t("Event known to the day"), vague: t("Known only to the month or year"),
                       bands: [t("Autumn 2015, the weeks the article discusses"), t("After the article")] };

  function wrapWords(text, chars) {
    return String(text).split(/\s+/).reduce(function (lines, word) {
      var last = lines[lines.length - 1];
      if (last && (last + " " + word).length <= chars) lines[lines.length - 1] = last + " " + word;
      else lines.push(word);
      return lines;
    }, []);
  }

  function timelineKey(data, layout, palette) {
    var grey = "#7f7f7f";
    var keys = [
      { name: TIMELINE_KEY.day, symbol: "circle", color: grey },
      { name: TIMELINE_KEY.vague, symbol: "circle-open-dot", color: grey }
    ].map(function (key) {
      return { type: "scatter", mode: "markers", x: [null], y: [null], name: key.name, showlegend: true, hoverinfo: "skip",
               marker: { symbol: key.symbol, size: 12, color: key.color, line: { width: 1, color: palette.outline } } };
    });
    layout.shapes = (layout.shapes || []).map(function (shape, i) {
      return Object.assign({}, shape, { name: TIMELINE_KEY.bands[i], showlegend: Boolean(TIMELINE_KEY.bands[i]) });
    });
    return data.map(function (trace) { return Object.assign({}, trace, { showlegend: false }); }).concat(keys);
  }

  function downloadImage(button, chart) {
    var figure = button.closest("figure");
    var element = figure.querySelector(".chart__plot");
    var dark = Boolean(figure.querySelector(".chart__image-dark input:checked"));
    var palette = PALETTES[dark ? "dark" : "light"];
    var layout = JSON.parse(JSON.stringify(element.layout));
    var data = element.data.map(function (trace) {
      if (!trace.marker || !trace.marker.line) return trace;
      return Object.assign({}, trace, { marker: Object.assign({}, trace.marker, { line: Object.assign({}, trace.marker.line, { color: palette.outline }) }) });
    });
    shared.applyUpdate(layout, { "font.color": palette.text, "xaxis.gridcolor": palette.grid, "yaxis.gridcolor": palette.grid,
                                 "xaxis.color": palette.text, "yaxis.color": palette.text });
    layout.paper_bgcolor = palette.background;
    var width = Math.max(element.offsetWidth, IMAGE_WIDTH), height = layout.height || element.offsetHeight;
    var margin = layout.margin || {};
    var title = figure.querySelector(".chart__title").textContent.trim();
    var address = figure.querySelector(".chart__permalink");  // it names the view shown
    var credit = figure.querySelector(".chart__source").textContent.trim() + " " + LICENCE + ". " +
      (address ? address.href : figure.getAttribute("data-embed-url"));
    var titleLines = wrapWords(title, Math.floor((width - 24) / 10));
    var creditLines = wrapWords(credit, Math.floor((width - 24) / 6.6));
    var top = 16 + 24 * titleLines.length, creditHeight = 16 * creditLines.length + 12;
    var key = Boolean(chart.explore.events);
    if (key) data = timelineKey(data, layout, palette);
    // The legend, where there is one, goes below the plot, in rows that wrap (Plotly wraps a
    // horizontal legend); room for three rows at most.
    var legendHeight = key || (layout.showlegend !== false && data.filter(function (t) { return t.showlegend !== false && t.name; }).length > 1)
      ? 26 * Math.min(3, Math.ceil(data.length * 190 / width)) : 0;
    var extraTop = top, extraBottom = creditHeight + (key ? legendHeight + 12 : 0);
    var total = height + extraTop + extraBottom;
    layout.margin = Object.assign({}, margin, { t: (margin.t || 0) + extraTop, b: (margin.b || 0) + extraBottom });
    if (key) {
      layout.showlegend = true;
      layout.legend = { orientation: "h", x: 0, xref: "container", xanchor: "left", yref: "container", yanchor: "top",
                        y: (creditHeight + legendHeight) / total, font: { size: 12 }, entrywidthmode: "pixels" };
    } else if (layout.legend && layout.legend.yref === "container") {  // keep its distance from the plot
      layout.legend = Object.assign({}, layout.legend, { y: 1 - ((1 - layout.legend.y) * height + extraTop) / total });
    }
    var edge = function (text, y, size, weight) {
      return { text: text, xref: "paper", yref: "paper", x: -((layout.margin.l || 0) - 12) / (width - (layout.margin.l || 0) - (layout.margin.r || 0)),
               xanchor: "left", y: y, yanchor: "top", align: "left", showarrow: false, font: { size: size, color: palette.text } };
    };
    var plotHeight = total - layout.margin.t - layout.margin.b;
    layout.annotations = (layout.annotations || []).concat([
      edge("<b>" + titleLines.map(escapeHtml).join("<br>") + "</b>", 1 + (layout.margin.t - 12) / plotHeight, 17),
      edge(creditLines.map(escapeHtml).join("<br>"), -(layout.margin.b - creditHeight + 6) / plotHeight, 12)
    ]);
    layout.title = { text: "" };
    layout.height = total;
    var format = button.getAttribute("data-image"), scale = format === "png" ? Number(button.getAttribute("data-scale") || 2) : 1;
    return window.Plotly.toImage({ data: data, layout: layout, config: chart.config },
      { format: format, width: width, height: total, scale: scale }).then(function (url) {
      var anchor = document.createElement("a");
      anchor.href = url;
      anchor.download = chart.explore.key + (scale > 2 ? "@" + scale + "x" : "") + "." + format;
      document.body.appendChild(anchor);
      anchor.click();
      anchor.remove();
    });
  }

  function escapeHtml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  window.explainerExplore = { setUp: setUp, downloadImage: downloadImage, fitCells: fitCells, fitHoverText: fitHoverText,
                              setUpShare: setUpShare, copyText: copyText };
})();
