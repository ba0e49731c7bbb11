// Part of the trunk post-build hook (post-build.mjs): hash every inline
// <script> in the staged index.html and put the hashes into the CSP meta tag
// in place of 'inline-scripts'.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("csp-hash: TRUNK_STAGING_DIR is not set");
  process.exit(1);
}
const file = join(dir, "index.html");
let html = readFileSync(file, "utf8");
const hashes = [];
for (const m of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
  if (/\bsrc=/.test(m[0].slice(0, m[0].indexOf(">")))) continue;
  const digest = createHash("sha256").update(m[1], "utf8").digest("base64");
  hashes.push(`'sha256-${digest}'`);
}
if (!html.includes("'inline-scripts'")) {
  console.error("csp-hash: no 'inline-scripts' placeholder in the CSP");
  process.exit(1);
}
html = html.replace("'inline-scripts'", hashes.join(" ") || "'none'");
writeFileSync(file, html);
console.log(`csp-hash: ${hashes.length} inline script(s) hashed`);
