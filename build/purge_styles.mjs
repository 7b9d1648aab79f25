// Material's stylesheets, joined into one and cut to the rules the built site uses (called by
// build/publishing.py). Reads {"content": [globs], "sheets": [paths], "keep": [paths]} on stdin and
// writes the cut stylesheet. "keep" files (the site's own stylesheets) are read first, so that the
// custom properties they use are kept; they are not rewritten. The sheets are cut as one text: PurgeCSS
// judges a custom property by the uses it has seen, and Material's palette sets properties for main.css.
import { readFile } from "node:fs/promises";
import { PurgeCSS } from "purgecss";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const { content, sheets, keep } = JSON.parse(input);
const texts = await Promise.all(sheets.map((path) => readFile(path, "utf-8")));
const material = texts.map((text) => text.replace(/\/\*# sourceMappingURL=[^*]*\*\//, "")).join("\n");
const results = await new PurgeCSS().purge({
  content,
  css: [...keep, { raw: material, name: "material" }],
  variables: true, // custom properties no kept rule uses, such as those of the unused colour palettes
  keyframes: true,
  fontFace: true,
});
process.stdout.write(results.at(-1).css);
