// Embedded charts follow ?theme=light|dark; "auto" or nothing follows the reader's system setting.
// Loaded in <head>, before the page is drawn, so the chart never flashes in the wrong colours.
(function () {
  var theme = new URLSearchParams(location.search).get("theme");
  if (theme === "light" || theme === "dark") document.documentElement.setAttribute("data-theme", theme);
})();
