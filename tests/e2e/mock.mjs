// Starts the mock MiniMax server serving the release build (same origin).
// Shared by the Chromium e2e tests (harness.mjs) and the Firefox/WebKit smoke
// (tests/engines), so it needs nothing but node.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The built app (DIST_DIR) and the mock server binary (MOCK_BIN). */
export const DIST = process.env.DIST_DIR || join(root, "dist");
export const MOCK = process.env.MOCK_BIN || join(root, "target", "release", "mock-minimax");

/** dist/ may be briefly missing while someone rebuilds: wait for it (up to 3 min). */
export async function waitForDist() {
  const index = join(DIST, "index.html");
  for (let i = 0; i < 360 && !existsSync(index); i++) await new Promise((r) => setTimeout(r, 500));
}

/**
 * Start the mock server on a free port, serving `dir` (default DIST) under
 * the URL folder `prefix` (default the root). Resolves to {url, stop}; `url`
 * has no trailing slash and does not include the prefix.
 */
export async function startMock({ dir = DIST, prefix = "/" } = {}) {
  await waitForDist();
  return new Promise((resolve, reject) => {
    const args = ["--port", "0", "--static", dir, "--static-prefix", prefix, "--quiet"];
    const proc = spawn(MOCK, args, {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let buf = "";
    const timer = setTimeout(() => reject(new Error("mock server did not start")), 15000);
    proc.stdout.on("data", (d) => {
      buf += d.toString();
      const m = buf.match(/listening on (http:\/\/[^\s]+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1].replace(/\/$/, ""), stop: () => proc.kill() });
      }
    });
    proc.on("error", reject);
    proc.on("exit", (code) => reject(new Error(`mock server exited with ${code}`)));
  });
}
