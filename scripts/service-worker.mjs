// Part of the trunk post-build hook (post-build.mjs), the last step: writes
// sw.js, the service worker (template: src/browser/sw.js), next to
// index.html with the list of every file of this build and its sha384, so
// that the worker precaches exactly this build and a new build is a new
// worker with a new cache. Dev builds get an empty list: a worker that
// removes itself (the app registers none in dev builds).
//
// It also checks that every URL index.html names is relative to the page
// and is a file of the build: one build must work in any folder.
//
// Also a command, for a folder changed after the build (tests):
//   node scripts/service-worker.mjs DIR [--dev]
// and, imported anywhere else, a library (tests/e2e/build.test.mjs).
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { attribute, integrity } from "./sri.mjs";

const here = dirname(fileURLToPath(import.meta.url));
export const WORKER = "sw.js";

function fail(why) {
  console.error(`service-worker: ${why}`);
  process.exit(1);
}

/** Every file under `dir` as a URL path relative to it, sorted. */
export function distFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => f.split(sep).join("/"))
    .filter((f) => !f.startsWith(".stage/"))
    .sort();
}

/** The files the worker precaches: all but itself. */
export function buildFiles(dir) {
  return distFiles(dir).filter((f) => f !== WORKER);
}

/** The URLs in index.html's src and href attributes (and the renderer meta). */
export function pageUrls(html) {
  const urls = [];
  for (const m of html.matchAll(/<(?:link|script|img|meta)\b[^>]*>/g)) {
    const tag = m[0];
    const meta = /^<meta\b/.test(tag);
    if (meta && attribute(tag, "name") !== "mmchat-renderer") continue;
    for (const name of meta ? ["content"] : ["href", "src"]) {
      const url = attribute(tag, name);
      if (url !== null) urls.push(url);
    }
  }
  // The loader's imports: `from './x.js'` and `module_or_path: './x.wasm'`.
  for (const m of html.matchAll(/(?:from|module_or_path:)\s*(["'])([^"']*)\1/g)) urls.push(m[2]);
  return urls;
}

/** Why `url` (from index.html) breaks in a sub-folder, or null when it does not. */
export function urlProblem(url, files) {
  if (url.startsWith("data:")) return null;
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(url)) return `${url} is on another origin`;
  if (url.startsWith("/")) return `${url} is relative to the site's root, not to the page`;
  const path = decodeURIComponent(url.replace(/^\.\//, "").split(/[?#]/)[0]);
  return files.includes(path) ? null : `${url} is not a file of this build`;
}

/** Writes `dir`/sw.js for the build in `dir`; returns the number of files. */
export function writeServiceWorker(dir, { release }) {
  const files = buildFiles(dir);
  const html = readFileSync(join(dir, "index.html"), "utf8");
  const problems = pageUrls(html)
    .map((url) => urlProblem(url, files))
    .filter(Boolean);
  if (problems.length > 0) fail(`index.html: ${problems.join("; ")}`);

  const list = release ? files.map((f) => [f, integrity(join(dir, f))]) : [];
  const build = release
    ? createHash("sha256").update(JSON.stringify(list)).digest("hex").slice(0, 16)
    : "dev";
  const template = readFileSync(join(here, "..", "src", "browser", "sw.js"), "utf8");
  if (!template.includes('"__BUILD__"') || !template.includes("__FILES__;")) {
    fail("src/browser/sw.js lost its __BUILD__ or __FILES__ placeholder");
  }
  const worker = template
    .replace('"__BUILD__"', JSON.stringify(build))
    .replace("__FILES__;", `${JSON.stringify(list, null, 1)};`);
  writeFileSync(join(dir, WORKER), worker);
  return { build, count: list.length };
}

const asCommand = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
const staging = process.env.TRUNK_STAGING_DIR;
if (asCommand) {
  const dir = process.argv[2] ?? fail("usage: node scripts/service-worker.mjs DIR [--dev]");
  const { build, count } = writeServiceWorker(dir, { release: !process.argv.includes("--dev") });
  console.log(`service-worker: ${relative(process.cwd(), join(dir, WORKER))}: build ${build}, ${count} files`);
} else if (staging) {
  // Imported by post-build.mjs, as a trunk hook.
  const { build, count } = writeServiceWorker(staging, { release: process.env.TRUNK_PROFILE === "release" });
  console.log(`service-worker: ${WORKER}: build ${build}, ${count} files precached`);
}
