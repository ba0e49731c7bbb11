// The size budgets, measured on a built dist/ (scripts/bundle-size.sh runs
// this after a release build; scripts/test.sh fails when it fails):
//
// - first paint: what the page must fetch before it can be used, read from
//   the build itself: index.html, what it links (the stylesheet, the loader
//   js, the app's wasm) and every module the loader imports in turn (the
//   wasm-bindgen snippets). Not the manifest, icons, service worker or the
//   renderer module, which the browser fetches after the page is up.
// - first visit: every file of dist/, since the service worker precaches all
//   of them on a first visit (renderer module, manifest, icons, sw.js too).
//
// Sizes are gzip -9 -n, as the project has always measured; budgets in bytes
// (1 KB = 1000).
//   node scripts/bundle-size.mjs DIR [--check]
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { distFiles } from "./service-worker.mjs";
import { attribute } from "./sri.mjs";

// The budgets sit about 2% above the build of 2026-12-04, so that no change
// adds weight unseen. They were 250 KB and 400 KB (issue 16) until the cost
// and context controls, folders, prompts, IndexedDB images, onboarding and
// the phone drawer (issues 19 to 21) added about 90 KB of interface code to
// the app's wasm; docs/architecture.md ("Budgets") says what would bring the
// first paint back down. They were 350 KB and 505 KB until a long chat's
// older messages were built a batch per frame (issue 17: src/ui/thread.rs,
// 2 KB; docs/architecture.md, "Budgets"). The first visit's was 508 KB
// until the math commands models write (\boxed, \xrightarrow, \overset,
// \operatorname*, \tag, \label, \nonumber, bra-ket, long arrows, colours
// dropped) and TeX's spacing added 1.1 KB to the renderer module, which
// loads after the first paint; before, each of them sent the whole formula
// to plain text. Lower them as the wasm shrinks; never raise them without
// saying why there.
export const FIRST_PAINT_BUDGET = 352_000;
export const FIRST_VISIT_BUDGET = 510_000;

/** Links the page does not need before it can be used. */
const AFTER_PAINT_RELS = new Set(["manifest", "icon", "apple-touch-icon"]);

/** gzip -9's size: the tool the project's figures have always used (zlib's
 * level 9 comes out about 0.4% larger on the wasm). */
function gzipSize(path) {
  return execFileSync("gzip", ["-9", "-n", "-c", path], { maxBuffer: 64 << 20 }).length;
}

/** A page-relative URL as a path inside dist/ (null for data: and others). */
function localPath(url, from = "") {
  if (!url || /^[a-z][a-z0-9+.-]*:|^\/\//i.test(url) || url.startsWith("/")) return null;
  return posix.normalize(posix.join(posix.dirname(from), decodeURIComponent(url.split(/[?#]/)[0])));
}

/** Paths of the modules a JS file imports statically (`import … from "./x"`). */
function staticImports(code) {
  return [...code.matchAll(/\b(?:from|import)\s*(["'])(\.{1,2}\/[^"']+)\1/g)].map((m) => m[2]);
}

/** The files of the first paint, in dist/, starting from index.html. */
export function firstPaint(dir) {
  const html = readFileSync(join(dir, "index.html"), "utf8");
  const found = new Set(["index.html"]);
  const queue = [];
  for (const m of html.matchAll(/<(?:link|script)\b[^>]*>/g)) {
    const tag = m[0];
    if (AFTER_PAINT_RELS.has((attribute(tag, "rel") ?? "").toLowerCase())) continue;
    const path = localPath(attribute(tag, "href") ?? attribute(tag, "src"));
    if (path) queue.push(path);
  }
  // The inline loader: `import init from './app.js'`, `module_or_path: './app_bg.wasm'`.
  for (const m of html.matchAll(/(?:from|module_or_path:)\s*(["'])([^"']+)\1/g)) {
    const path = localPath(m[2]);
    if (path) queue.push(path);
  }
  while (queue.length > 0) {
    const path = queue.shift();
    if (found.has(path)) continue;
    found.add(path);
    if (path.endsWith(".js")) {
      for (const url of staticImports(readFileSync(join(dir, path), "utf8"))) {
        queue.push(localPath(url, path));
      }
    }
  }
  return [...found].sort();
}

function table(dir, title, files) {
  let sum = 0;
  for (const f of files) {
    const raw = statSync(join(dir, f)).size;
    const gz = gzipSize(join(dir, f));
    sum += gz;
    console.log(`  ${f.padEnd(64)} ${String(raw).padStart(9)} ${String(gz).padStart(9)}`);
  }
  console.log(`${title.padEnd(66)} ${"".padStart(9)} ${String(sum).padStart(9)}\n`);
  return sum;
}

const asCommand = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (asCommand) {
  const dir = process.argv[2];
  if (!dir) {
    console.error("usage: node scripts/bundle-size.mjs DIR [--check]");
    process.exit(2);
  }
  const check = process.argv.includes("--check");
  const paint = firstPaint(dir);
  const missing = paint.filter((f) => !distFiles(dir).includes(f));
  if (missing.length > 0) {
    console.error(`bundle-size: index.html names files that are not in ${dir}: ${missing.join(", ")}`);
    process.exit(1);
  }
  console.log(`  ${"file".padEnd(64)} ${"bytes".padStart(9)} ${"gzip".padStart(9)}`);
  const paintGz = table(dir, "first paint", paint);
  const rest = distFiles(dir).filter((f) => !paint.includes(f));
  const restGz = table(dir, "after the first paint (renderer, service worker, manifest, icons)", rest);
  const visitGz = paintGz + restGz;
  const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
  console.log(`first paint  ${kb(paintGz)} gzip (budget ${kb(FIRST_PAINT_BUDGET)})`);
  console.log(`first visit  ${kb(visitGz)} gzip (budget ${kb(FIRST_VISIT_BUDGET)})`);
  const over = [];
  if (paintGz > FIRST_PAINT_BUDGET) over.push(`the first paint is ${kb(paintGz)}, over ${kb(FIRST_PAINT_BUDGET)}`);
  if (visitGz > FIRST_VISIT_BUDGET) over.push(`a first visit is ${kb(visitGz)}, over ${kb(FIRST_VISIT_BUDGET)}`);
  for (const why of over) console.error(`bundle-size: ${why} gzip`);
  if (check && over.length > 0) process.exit(1);
}
