// Part of the trunk post-build hook (post-build.mjs), release builds only:
// fails the build when the wasm carries code the first-load budget forbids
// and clippy cannot name. clippy.toml forbids the calls it can see (std's
// sort and hash maps, f64::clamp, serde's derives and typed entry points);
// float formatting has no call to forbid (`format!("{x}")` with an f64 goes
// through core's Display machinery), and a dependency can bring any of these
// in. So this reads the function names rustc left in cargo's own wasm (its
// name section, before wasm-bindgen and wasm-opt drop it) and looks for the
// modules that give them away.
//
// Usage as a hook needs no arguments; `node scripts/size-rules.mjs FILE.wasm
// [app|renderer]` checks one file by hand.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readName, readU32 } from "./wasm-read.mjs";

// Each rule: what it forbids, the mangled-name fragment that gives it away
// (legacy `_ZN…` and v0 `_R…` manglings both spell a path as length-prefixed
// segments), why, and which modules it applies to.
const RULES = [
  {
    what: "float formatting (core::fmt::float, flt2dec)",
    marks: ["4core3fmt5float", "7flt2dec"],
    why: "9.4 KB gzipped: write one-decimal labels from integer tenths (src/decimal.rs), use max/min rather than f64::clamp",
    modules: ["app", "renderer"],
  },
  {
    what: "float parsing (core::num::dec2flt)",
    marks: ["7dec2flt"],
    why: "about 14 KB gzipped: read number fields through valueAsNumber, not str::parse::<f64>",
    modules: ["app", "renderer"],
  },
  {
    what: "std's sort (core::slice::sort)",
    marks: ["5slice4sort"],
    why: "about 4 KB of wasm per element type: use chat::newest_first",
    modules: ["app"],
  },
  {
    what: "SipHash, std's default hasher (HashMap/HashSet with RandomState)",
    marks: ["4hash3sip", "11RandomState"],
    why: "3.5 KB gzipped with its hashbrown instances: use a Vec or a BTreeMap",
    modules: ["app"],
  },
  {
    what: "serde_json's serializer (to_string, Value's Display)",
    marks: ["10serde_json3ser", "serde_json..ser.."],
    why: "10.5 KB gzipped with the std::io error text: write with json::write::to_json",
    modules: ["app"],
  },
];

// --- the wasm name section ---

/** The function names of the `name` custom section, or null without one. */
function functionNames(bytes) {
  const at = { i: 8 };
  while (at.i < bytes.length) {
    const id = bytes[at.i++];
    const size = readU32(bytes, at);
    const end = at.i + size;
    if (id === 0) {
      if (readName(bytes, at) === "name") {
        while (at.i < end) {
          const sub = bytes[at.i++];
          const subSize = readU32(bytes, at);
          const subEnd = at.i + subSize;
          if (sub === 1) {
            const names = [];
            for (let n = readU32(bytes, at); n > 0; n--) {
              readU32(bytes, at); // function index
              names.push(readName(bytes, at));
            }
            return names;
          }
          at.i = subEnd;
        }
      }
    }
    at.i = end;
  }
  return null;
}

/** Sentences for each rule the wasm breaks; empty when it breaks none. */
function violations(bytes, module) {
  const names = functionNames(bytes);
  // Without names nothing could be found: say so rather than pass.
  if (!names || names.length < 100) {
    return [`no function names in the wasm (a profile with strip or debug settings changed?): cannot check it`];
  }
  const found = [];
  for (const rule of RULES.filter((r) => r.modules.includes(module))) {
    const hits = names.filter((n) => rule.marks.some((m) => n.includes(m)));
    if (hits.length > 0) {
      const shown = hits.slice(0, 5).map((n) => `    ${n}`).join("\n");
      found.push(`${rule.what}: ${rule.why}. ${hits.length} function(s), e.g.\n${shown}`);
    }
  }
  return found;
}

function check(file, module) {
  if (!existsSync(file)) {
    console.error(`size-rules: ${file} is missing: cannot check the ${module} module`);
    process.exit(1);
  }
  const found = violations(readFileSync(file), module);
  if (found.length > 0) {
    console.error(`size-rules: ${file} (${module}) has what the size budget forbids:`);
    for (const f of found) console.error(`  - ${f}`);
    process.exit(1);
  }
  console.log(`size-rules: ${module} module clean`);
}

if (process.argv[2]) {
  check(process.argv[2], process.argv[3] ?? "app");
} else if (process.env.TRUNK_PROFILE === "release") {
  const root = process.env.TRUNK_SOURCE_DIR ?? ".";
  const dir = join(process.env.CARGO_TARGET_DIR ?? join(root, "target"), "wasm32-unknown-unknown", "release");
  check(join(dir, "minimax-chat.wasm"), "app");
  check(join(dir, "mmchat-markdown.wasm"), "renderer");
}
