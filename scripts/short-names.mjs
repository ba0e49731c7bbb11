// Part of the trunk post-build hook (post-build.mjs), release builds only:
// gives the wasm imports, and the hashed wasm exports, short names, in each
// wasm-bindgen pair in the staged dist (the app, and the renderer module).
//
// wasm-bindgen names every import after its JS function plus a 16-digit hash
// (`__wbg_addEventListener_847fd86b8c33ec43`), and each name is written twice:
// in the wasm's import section and as a key of the loader's import object.
// The hashes do not compress: with the hashed exports and the module name
// repeated per import, they cost the app's first load about 5.8 KB gzipped,
// wasm and loader together. Here they become `a`, `b`, … in both files; the
// module name `./<name>_bg.js` becomes `m`.
//
// The rewrite is checked, not hoped for: every old name must appear in the
// loader exactly as many times as expected, or the build fails rather than
// ship a loader that no longer matches its wasm.
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { integrity as sri, linkedFile } from "./sri.mjs";
import { readName, readU32 } from "./wasm-read.mjs";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("short-names: run me as a trunk hook (TRUNK_STAGING_DIR)");
  process.exit(1);
}

function fail(why) {
  console.error(`short-names: ${why}`);
  process.exit(1);
}

// --- reading and writing the parts of a wasm binary we touch ---

function u32(value) {
  const out = [];
  do {
    let b = value & 0x7f;
    value = Math.floor(value / 128);
    if (value > 0) b |= 0x80;
    out.push(b);
  } while (value > 0);
  return Buffer.from(out);
}

function name(text) {
  const utf8 = Buffer.from(text, "utf8");
  return Buffer.concat([u32(utf8.length), utf8]);
}

/** Skips a table or memory `limits` (flags, min, and max when flagged). */
function skipLimits(bytes, at) {
  const flags = readU32(bytes, at);
  readU32(bytes, at);
  if (flags & 1) readU32(bytes, at);
}

/** The end of an import's descriptor that starts at `at.i`. */
function skipImportDesc(bytes, at) {
  const kind = bytes[at.i++];
  if (kind === 0) readU32(bytes, at); // function: type index
  else if (kind === 1) {
    at.i += 1; // table: element type
    skipLimits(bytes, at);
  } else if (kind === 2) skipLimits(bytes, at); // memory
  else if (kind === 3) at.i += 2; // global: value type, mutability
  else if (kind === 4) {
    at.i += 1; // tag: attribute, type index
    readU32(bytes, at);
  } else fail(`unknown import kind ${kind}`);
}

/** The sections of a wasm binary, as [id, body] pairs. */
function sections(bytes) {
  if (bytes.readUInt32LE(0) !== 0x6d736100) fail("not a wasm binary");
  const out = [];
  const at = { i: 8 };
  while (at.i < bytes.length) {
    const id = bytes[at.i++];
    const size = readU32(bytes, at);
    out.push([id, bytes.subarray(at.i, at.i + size)]);
    at.i += size;
  }
  return out;
}

// --- short names ---

const RESERVED = new Set(["do", "if", "in"]);

function* shortNames() {
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const more = `${letters}0123456789`;
  for (const a of letters) if (a !== "m") yield a;
  for (const a of letters) {
    for (const b of more) {
      const n = a + b;
      if (!RESERVED.has(n)) yield n;
    }
  }
}

const HASHED_EXPORT = /_h[0-9a-f]{16}(_\d+)?$/;

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** `text` with each whole-word `from` replaced, checking how many there were. */
function replaceWord(text, from, to, expected, where) {
  const re = new RegExp(`(?<![\\w$])${escapeRegExp(from)}(?![\\w$])`, "g");
  const found = text.match(re)?.length ?? 0;
  if (expected === "some" ? found === 0 : found !== expected) {
    fail(`${where}: expected ${expected} of ${from}, found ${found}; has wasm-bindgen's output changed?`);
  }
  return text.replace(re, to);
}

function shorten(wasmPath, jsPath) {
  const bytes = readFileSync(wasmPath);
  let js = readFileSync(jsPath, "utf8");
  const where = basename(jsPath);
  const names = shortNames();
  // wasm-bindgen's own name for the loader (trunk renames the files after).
  let moduleName = null;
  let imports = 0;
  let exports = 0;

  const out = [bytes.subarray(0, 8)];
  for (const [id, body] of sections(bytes)) {
    let rewritten = body;
    if (id === 2) {
      const at = { i: 0 };
      const count = readU32(body, at);
      const parts = [u32(count)];
      for (let k = 0; k < count; k++) {
        const module = readName(body, at);
        const field = readName(body, at);
        const descStart = at.i;
        skipImportDesc(body, at);
        moduleName ??= module;
        if (module !== moduleName || !/^\.\/[\w-]+_bg\.js$/.test(module)) {
          fail(`${where}: import from unexpected module ${module}`);
        }
        const short = names.next().value;
        js = replaceWord(js, field, short, 1, where);
        parts.push(name("m"), name(short), body.subarray(descStart, at.i));
        imports += 1;
      }
      rewritten = Buffer.concat(parts);
      if (moduleName) js = replaceWord(js, JSON.stringify(moduleName), '"m"', 1, where);
    } else if (id === 7) {
      const at = { i: 0 };
      const count = readU32(body, at);
      const parts = [u32(count)];
      for (let k = 0; k < count; k++) {
        const field = readName(body, at);
        const descStart = at.i;
        at.i += 1;
        readU32(body, at);
        let kept = field;
        if (HASHED_EXPORT.test(field)) {
          kept = names.next().value;
          js = replaceWord(js, field, kept, "some", where);
          exports += 1;
        }
        parts.push(name(kept), body.subarray(descStart, at.i));
      }
      rewritten = Buffer.concat(parts);
    }
    out.push(Buffer.from([id]), u32(rewritten.length), rewritten);
  }
  const wasm = Buffer.concat(out);
  writeFileSync(wasmPath, wasm);
  writeFileSync(jsPath, js);
  return { imports, exports, saved: bytes.length - wasm.length };
}

if (process.env.TRUNK_PROFILE === "release") {
  const pairs = readdirSync(staging, { recursive: true })
    .filter((f) => f.endsWith("_bg.wasm") && statSync(join(staging, f)).isFile())
    .sort();
  if (pairs.length === 0) fail("no wasm-bindgen output in the staged dist");
  for (const f of pairs) {
    const wasmPath = join(staging, f);
    const jsPath = join(dirname(wasmPath), `${basename(f, "_bg.wasm")}.js`);
    const { imports, exports, saved } = shorten(wasmPath, jsPath);
    console.log(`short-names: ${f}: ${imports} imports and ${exports} exports renamed, ${saved} bytes less wasm`);
  }

  // The wasm's preload link carries its integrity (the js links are redone
  // by minify-js, which runs next).
  const index = join(staging, "index.html");
  let html = readFileSync(index, "utf8");
  html = html.replace(/<link\b[^>]*>/g, (tag) => {
    const integrity = /\bintegrity=("[^"]*"|'[^']*'|[^\s>]+)/.exec(tag);
    const path = integrity && linkedFile(staging, tag);
    if (!path || !path.endsWith(".wasm")) return tag;
    return tag.replace(integrity[0], `integrity="${sri(path)}"`);
  });
  writeFileSync(index, html);
}
