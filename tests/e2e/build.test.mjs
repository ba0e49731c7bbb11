// The release build in dist/ as the hosting steps see it: every URL of the
// page relative to it, the service worker's list exactly the build's files
// with their hashes, and the size budget's "first paint" the files the page
// needs before it can be used. No browser needed.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DIST } from "./mock.mjs";
import { integrity } from "../../scripts/sri.mjs";
import { buildFiles, pageUrls, urlProblem } from "../../scripts/service-worker.mjs";
import { firstPaint } from "../../scripts/bundle-size.mjs";


describe("the build", () => {
  it("names every file relative to the page", () => {
    const html = readFileSync(join(DIST, "index.html"), "utf8");
    const urls = pageUrls(html);
    assert.ok(urls.some((u) => u.endsWith(".wasm")), "the loader's wasm is among them");
    assert.ok(urls.some((u) => u.endsWith(".css")) && urls.includes("manifest.webmanifest"));
    const files = buildFiles(DIST);
    assert.deepEqual(urls.map((u) => urlProblem(u, files)).filter(Boolean), []);
    assert.ok(!/(href|src)="?\/[^/]/.test(html), "no root-relative href or src");
  });

  it("refuses URLs that break in a folder", () => {
    const files = ["app.css", "renderer-1/markdown.js"];
    assert.equal(urlProblem("./app.css", files), null);
    assert.equal(urlProblem("renderer-1/markdown.js", files), null);
    assert.equal(urlProblem("data:,", files), null);
    assert.match(urlProblem("/app.css", files), /root/);
    assert.match(urlProblem("https://cdn.example/app.css", files), /origin/);
    assert.match(urlProblem("//cdn.example/app.css", files), /origin/);
    assert.match(urlProblem("./other.css", files), /not a file/);
  });

  it("gives the service worker every file with its hash", () => {
    const sw = readFileSync(join(DIST, "sw.js"), "utf8");
    const list = JSON.parse(/const FILES = (\[[\s\S]*?\]);/.exec(sw)[1]);
    assert.deepEqual(
      list.map(([f]) => f),
      buildFiles(DIST),
    );
    for (const [f, hash] of list) assert.equal(hash, integrity(join(DIST, f)), f);
    assert.match(sw, /const BUILD = "[0-9a-f]{16}";/);
  });

  it("counts as first paint what the page needs before it can be used", () => {
    const paint = firstPaint(DIST);
    assert.ok(paint.includes("index.html"));
    assert.equal(paint.filter((f) => f.endsWith(".css")).length, 1);
    const wasm = paint.filter((f) => f.endsWith(".wasm"));
    assert.equal(wasm.length, 1);
    assert.match(wasm[0], /^minimax-chat-[0-9a-f]+_bg\.wasm$/);
    // The loader and the snippets it imports (renderer and service worker glue).
    assert.ok(paint.some((f) => /^minimax-chat-[0-9a-f]+\.js$/.test(f)));
    assert.ok(paint.some((f) => f.startsWith("snippets/") && f.endsWith("/renderer.js")));
    assert.ok(paint.some((f) => f.startsWith("snippets/") && f.endsWith("/service_worker.js")));
    for (const later of ["sw.js", "manifest.webmanifest"]) assert.ok(!paint.includes(later), later);
    assert.ok(!paint.some((f) => f.startsWith("renderer-") || f.startsWith("icons/")));
  });
});
