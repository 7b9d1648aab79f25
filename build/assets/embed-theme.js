// Embedded charts follow ?theme=light|dark; "auto" or nothing follows the reader's system setting.
// Loaded in <head>, before the page is drawn, so the chart never flashes in the wrong colours.
// Swapping "no-js" for "js" here shows the timeline's filters from the first paint (the stylesheet
// hides them without script), so that they do not push the chart down later.
(function () {
  var theme = new URLSearchParams(location.search).get("theme");
  if (theme === "light" || theme === "dark") document.documentElement.setAttribute("data-theme", theme);
  document.documentElement.classList.replace("no-js", "js");
})();
