// Part of the trunk post-build hook (post-build.mjs): builds the markdown
// renderer module (markdown/src/main.rs, crate mmchat-markdown) that the app
// loads after its first paint, puts it in the staged dist under a
// content-hashed folder, and names that folder in <meta name="mmchat-renderer">
// for the app to find.
//
// Same profile as trunk's build (TRUNK_PROFILE). Cargo features come from
// MMCHAT_FEATURES (comma-separated), since trunk does not pass its own on:
// the benchmark's naive baseline sets it to "naive-render".
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const BIN = "mmchat-markdown";
const NAME = "markdown";
const staging = process.env.TRUNK_STAGING_DIR;
const root = process.env.TRUNK_SOURCE_DIR;
if (!staging || !root) {
  console.error("renderer-module: run me as a trunk hook (TRUNK_STAGING_DIR, TRUNK_SOURCE_DIR)");
  process.exit(1);
}
const release = process.env.TRUNK_PROFILE === "release";
const features = (process.env.MMCHAT_FEATURES ?? "").trim();

function run(cmd, args) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  if (result.error || result.status !== 0) {
    console.error(`renderer-module: ${cmd} ${args.join(" ")} failed${result.error ? `: ${result.error.message}` : ""}`);
    process.exit(1);
  }
}

// The project's pinned wasm-opt (scripts/setup.sh), else whatever is on PATH.
function tool(name) {
  const local = join(root, ".tools", "node_modules", ".bin", name);
  return existsSync(local) ? local : name;
}

const cargoArgs = ["build", "--target", "wasm32-unknown-unknown", "-p", BIN, "--bin", BIN];
if (release) cargoArgs.push("--release");
if (features) cargoArgs.push("--features", features);
run("cargo", cargoArgs);

const targetDir = process.env.CARGO_TARGET_DIR ?? join(root, "target");
const wasm = join(targetDir, "wasm32-unknown-unknown", release ? "release" : "debug", `${BIN}.wasm`);
const work = mkdtempSync(join(tmpdir(), "mmchat-renderer-"));
try {
  run("wasm-bindgen", ["--target", "web", "--no-typescript", "--out-dir", work, "--out-name", NAME, wasm]);
  const bg = join(work, `${NAME}_bg.wasm`);
  if (release) run(tool("wasm-opt"), ["-Oz", "--low-memory-unused", "--strip-producers", "--strip-target-features", "--output", bg, bg]); // Trunk.toml says why

  // wasm-bindgen may add a snippets/ folder: keep the whole tree.
  const files = readdirSync(work, { recursive: true })
    .filter((f) => statSync(join(work, f)).isFile())
    .sort();
  const digest = createHash("sha256");
  for (const f of files) digest.update(f).update(readFileSync(join(work, f)));
  const folder = `renderer-${digest.digest("hex").slice(0, 16)}`;
  const out = join(staging, folder);
  for (const f of files) {
    mkdirSync(dirname(join(out, f)), { recursive: true });
    writeFileSync(join(out, f), readFileSync(join(work, f)));
  }

  const index = join(staging, "index.html");
  let html = readFileSync(index, "utf8");
  const meta = `<meta name="mmchat-renderer" content="${folder}/${NAME}.js" />`;
  html = html.includes('name="mmchat-renderer"')
    ? html.replace(/<meta name="mmchat-renderer"[^>]*>/, meta)
    : html.replace("</head>", `  ${meta}\n  </head>`);
  writeFileSync(index, html);
  console.log(`renderer-module: ${folder}/ (${files.join(", ")})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
