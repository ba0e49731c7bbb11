// The Content-Security-Policy header the recipes send, made from index.html's
// meta policy so the two cannot drift apart.
//
//   node deploy/csp.mjs            print the header value
//   node deploy/csp.mjs --check    fail if a recipe's policy differs from it
//   node deploy/csp.mjs --write    put it into every recipe
//
// The header is the meta policy plus `frame-ancestors 'none'` (a meta tag
// cannot set it). One directive differs: at build time scripts/csp-hash.mjs
// replaces the meta policy's 'inline-scripts' placeholder with the hashes of
// the inline loader, which change with every build. The header cannot know
// them, so it says 'unsafe-inline' there. Both policies are enforced, and a
// script must pass both: the meta policy's hashes still decide which inline
// script runs, and the header only keeps out of the way.
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const deployDir = dirname(fileURLToPath(import.meta.url));
const root = dirname(deployDir);

/** The policy in index.html's CSP meta tag (source or built). */
export function metaPolicy(html) {
  const tag = html.match(/<meta\b[^>]*http-equiv=["']?Content-Security-Policy["']?[^>]*>/i);
  const content = tag?.[0].match(/\bcontent="([^"]*)"/i);
  if (!content) throw new Error("index.html has no Content-Security-Policy meta tag");
  return content[1].replace(/\s+/g, " ").trim();
}

/** The header policy for a meta policy. */
export function headerPolicy(meta) {
  const directives = meta
    .split(";")
    .map((d) => d.trim())
    .filter(Boolean)
    .map((d) => {
      const [name, ...sources] = d.split(/\s+/);
      if (name !== "script-src") return d;
      const kept = sources.filter((s) => s !== "'inline-scripts'" && !/^'sha(256|384|512)-/.test(s));
      return [name, ...kept, "'unsafe-inline'"].join(" ");
    })
    .filter((d) => !d.startsWith("frame-ancestors"));
  return [...directives, "frame-ancestors 'none'"].join("; ");
}

/** The header policy for this checkout's index.html. */
export function expectedHeaderPolicy() {
  return headerPolicy(metaPolicy(readFileSync(join(root, "index.html"), "utf8")));
}

/** Every policy written in a recipe: [{ file, policy }]. */
export function recipePolicies() {
  const found = [];
  for (const file of recipeFiles()) {
    for (const m of readFileSync(file, "utf8").matchAll(POLICY)) found.push({ file, policy: m[0] });
  }
  return found;
}

// A policy in a recipe: from default-src to the end of the quoted string or line.
const POLICY = /default-src [^"\n]*/g;

function recipeFiles() {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === "node_modules") continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (readFileSync(path, "utf8").includes("Content-Security-Policy")) out.push(path);
    }
  };
  walk(deployDir);
  return out.filter((f) => !f.endsWith(".mjs") && !f.endsWith(".md"));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const expected = expectedHeaderPolicy();
  const mode = process.argv[2];
  if (mode === "--write") {
    for (const file of recipeFiles()) {
      const text = readFileSync(file, "utf8");
      const next = text.replace(POLICY, expected);
      if (next !== text) {
        writeFileSync(file, next);
        console.log(`csp: updated ${relative(root, file)}`);
      }
    }
  } else if (mode === "--check") {
    const stale = recipePolicies().filter((p) => p.policy !== expected);
    for (const p of stale) console.error(`csp: ${relative(root, p.file)} differs from index.html's policy`);
    if (stale.length) {
      console.error("csp: run `node deploy/csp.mjs --write` to bring the recipes in step");
      process.exit(1);
    }
    console.log(`csp: ${recipePolicies().length} recipe policies match index.html`);
  } else {
    console.log(expected);
  }
}
