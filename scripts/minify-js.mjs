// Part of the trunk post-build hook (post-build.mjs), release builds only:
// minify every JavaScript file in the staged dist with terser, then put the
// new sha384 into the integrity attribute of each <link> that names one.
//
// Trunk leaves wasm-bindgen's loader as it is, so without this step the first
// load carries about 2 KB gzipped of comments, whitespace and long local
// names. Only local names are mangled: the loader's exports and the property
// names of the wasm import object are part of the contract with the wasm, and
// terser keeps properties unless told otherwise.
//
// The renderer's folder name stays the hash of wasm-bindgen's output; the
// minified files follow from it, so the name still changes with the content.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { integrity as sri, linkedFile } from "./sri.mjs";

const staging = process.env.TRUNK_STAGING_DIR;
const root = process.env.TRUNK_SOURCE_DIR;
if (!staging || !root) {
  console.error("minify-js: run me as a trunk hook (TRUNK_STAGING_DIR, TRUNK_SOURCE_DIR)");
  process.exit(1);
}

if (process.env.TRUNK_PROFILE === "release") {
  // The pinned terser in .tools (scripts/setup.sh); a release build without it
  // fails rather than ship a bigger bundle unnoticed.
  const entry = join(root, ".tools", "node_modules", "terser", "main.js");
  if (!existsSync(entry)) {
    console.error("minify-js: terser is missing from .tools/: run scripts/setup.sh");
    process.exit(1);
  }
  const { minify } = await import(pathToFileURL(entry).href);

  const files = readdirSync(staging, { recursive: true })
    .filter((f) => f.endsWith(".js") && statSync(join(staging, f)).isFile())
    .sort();
  let before = 0;
  let after = 0;
  for (const f of files) {
    const path = join(staging, f);
    const code = readFileSync(path, "utf8");
    const out = await minify(code, {
      module: true,
      ecma: 2020,
      compress: { passes: 2 },
      format: { comments: false },
    });
    if (typeof out.code !== "string") {
      console.error(`minify-js: terser gave nothing for ${f}`);
      process.exit(1);
    }
    writeFileSync(path, out.code);
    before += code.length;
    after += out.code.length;
  }

  // Subresource integrity: trunk hashed the files before this step.
  const index = join(staging, "index.html");
  let html = readFileSync(index, "utf8");
  let rewritten = 0;
  html = html.replace(/<link\b[^>]*>/g, (tag) => {
    const integrity = /\bintegrity=("[^"]*"|'[^']*'|[^\s>]+)/.exec(tag);
    const path = integrity && linkedFile(staging, tag);
    if (!path || !path.endsWith(".js")) return tag;
    rewritten += 1;
    return tag.replace(integrity[0], `integrity="${sri(path)}"`);
  });
  writeFileSync(index, html);
  console.log(`minify-js: ${files.length} file(s), ${before} -> ${after} bytes; ${rewritten} integrity hash(es) rewritten`);
}
