// An embed page's flags, read in <head> before the page is drawn, so that the chart never flashes
// in the wrong colours or layout (build/assets/embed.css and explainer.js act on them):
//   ?theme=light|dark  fixed colours; "auto" or nothing follows the reader's system setting
//   ?transparent=1     no background of its own: the host page's shows through
//   ?mode=plain        the chart alone, without the timeline's filters or the share and data boxes
//   ?mode=static       the build's drawing only: plotly.js is never loaded
// The "framed" class marks a page inside another site's frame. Swapping "no-js" for "js" here shows
// the timeline's filters from the first paint, so that they do not push the chart down later.
(function () {
  var root = document.documentElement, params = new URLSearchParams(location.search);
  var theme = params.get("theme"), mode = params.get("mode");
  if (theme === "light" || theme === "dark") root.setAttribute("data-theme", theme);
  if (mode === "plain" || mode === "static") root.setAttribute("data-mode", mode);
  if (params.get("transparent") === "1") root.classList.add("transparent");
  if (window.parent !== window) root.classList.add("framed");
  root.classList.replace("no-js", "js");
})();
