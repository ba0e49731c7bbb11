// Part of the trunk post-build hook (post-build.mjs), release builds only:
// the stylesheets (one source file per area in style/) become one file.
//
// Each file gzipped apart was 5.6 KB of the first load; together they are
// 4.0 KB, and index.html loses five links with their integrity hashes. The
// order of the links is kept, so the cascade is the same.
import { createHash } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { integrity, linkedFile } from "./sri.mjs";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("bundle-css: run me as a trunk hook (TRUNK_STAGING_DIR)");
  process.exit(1);
}

if (process.env.TRUNK_PROFILE === "release") {
  const index = join(staging, "index.html");
  let html = readFileSync(index, "utf8");
  const links = [...html.matchAll(/<link\b[^>]*\brel=("stylesheet"|'stylesheet'|stylesheet)[^>]*>/g)].map((m) => m[0]);
  const files = links.map((tag) => {
    const path = linkedFile(staging, tag);
    if (!path) {
      console.error(`bundle-css: cannot find the stylesheet of ${tag}`);
      process.exit(1);
    }
    return path;
  });
  if (files.length > 1) {
    const css = files.map((f) => readFileSync(f, "utf8")).join("\n");
    const name = `app-${createHash("sha256").update(css).digest("hex").slice(0, 16)}.css`;
    const out = join(staging, name);
    writeFileSync(out, css);
    for (const f of files) rmSync(f);
    const link = `<link href="./${name}" integrity="${integrity(out)}" rel="stylesheet">`;
    html = html.replace(links[0], link);
    for (const tag of links.slice(1)) html = html.replace(tag, "");
    writeFileSync(index, html);
    console.log(`bundle-css: ${files.length} stylesheets in ${name}`);
  }
}
