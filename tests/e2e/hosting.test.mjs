// Hosting the built folder: the one release build works at a site's root and
// under a sub-path (as a project site or a prefixing reverse proxy serves
// it), installs as an app, opens with the network gone, and picks up a new
// deployment only when the user says so, never mixing two builds.
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  launch, launchProfile, newContext, openApp, send, lastReply, waitSettled, partText, reloadApp,
  shot, assertNoPageErrors,
} from "./harness.mjs";
import { DIST, root, startMock } from "./mock.mjs";
const PREFIX = "/sub/path/";
/** The folder as openApp() takes it (it adds the slash). */
const FOLDER = PREFIX.slice(0, -1);

/** The files of a build as its service worker lists them ([path, integrity]). */
function precacheList(dir) {
  const sw = readFileSync(join(dir, "sw.js"), "utf8");
  const m = /const FILES = (\[[\s\S]*?\]);/.exec(sw);
  assert.ok(m, "sw.js carries its file list");
  return JSON.parse(m[1]);
}

/** Picks the Local demo preset (relative to the page) and closes Settings. */
async function useDemo(page) {
  await page.getByRole("button", { name: "Settings" }).click();
  await page.getByRole("button", { name: "Local demo" }).click();
  assert.equal(await page.getByLabel("Base URL").inputValue(), "./api/demo/v1");
  await page.getByRole("button", { name: "Close" }).click();
}

/** Sends `text`, waits for the reply, checks thinking and a rendered answer. */
async function chat(page, text) {
  await send(page, text);
  assert.equal(await waitSettled(page), "done");
  const reply = lastReply(page);
  assert.ok((await partText(reply, "thinking")).length > 0, "thinking shown");
  // **bold** became <strong>: the renderer module loaded from this folder.
  await reply.locator('[data-part="answer"] strong').first().waitFor();
  return reply;
}

async function waitControlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 30000 });
}

/** The app's caches, each with the URLs it holds. */
function cachesOf(page) {
  return page.evaluate(async () => {
    const out = {};
    for (const key of await caches.keys()) {
      const cache = await caches.open(key);
      out[key] = (await cache.keys()).map((r) => r.url).sort();
    }
    return out;
  });
}

/** Width and height from a PNG's header. */
function pngSize(bytes) {
  assert.equal(bytes.subarray(1, 4).toString("latin1"), "PNG");
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe("hosting", () => {
  let launched;
  const stops = [];
  const contexts = [];
  before(async () => {
    launched = await launch();
  });
  after(async () => {
    await launched?.close();
  });
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close().catch(() => {});
    for (const stop of stops.splice(0)) await stop();
  });

  async function serve(options) {
    const mock = await startMock(options);
    stops.push(mock.stop);
    return mock;
  }

  async function open(href, { serviceWorkers = "allow" } = {}) {
    const context = await newContext(launched.browser, { serviceWorkers });
    contexts.push(context);
    return openApp(launched.browser, href, { context });
  }

  it("works at the site's root", async () => {
    const mock = await serve();
    const page = await open(mock.url);
    await useDemo(page);
    await chat(page, "scenario:basic");
    const log = await (await fetch(`${mock.url}/_mock/requests`)).json();
    assert.equal(log.at(-1).path, "/api/demo/v1/chat/completions");
    assert.deepEqual(page.badResponses, []);
    assertNoPageErrors(page);
  });

  it("works under a sub-path: every request stays in its folder", async () => {
    const mock = await serve({ prefix: PREFIX });
    // Nothing is served at the root: a root-relative URL would fail.
    assert.equal((await fetch(`${mock.url}/index.html`)).status, 404);
    const page = await open(mock.url + FOLDER);
    assert.equal(page.url(), mock.url + PREFIX);
    await useDemo(page);
    await chat(page, "scenario:basic");
    const log = await (await fetch(`${mock.url}/_mock/requests`)).json();
    assert.equal(log.at(-1).path, `${PREFIX}api/demo/v1/chat/completions`);
    const outside = page.requests.filter((u) => !u.startsWith(mock.url + PREFIX) && !u.startsWith("data:"));
    assert.deepEqual(outside, [], "no request leaves the app's folder");
    assert.ok(page.requests.some((u) => /\/renderer-[0-9a-f]+\/markdown_bg\.wasm$/.test(u)), "renderer module fetched");
    assert.deepEqual(page.badResponses, []);
    assert.deepEqual(page.console, [], "no console errors (CSP, SRI)");
    await shot(page, "hosting-subpath");
    assertNoPageErrors(page);
  });

  it("installs: manifest, icons, theme colours, a worker that controls the page", async () => {
    const mock = await serve({ prefix: PREFIX });
    const base = mock.url + PREFIX;
    const profile = await launchProfile({ serviceWorkers: "allow" });
    stops.push(() => profile.close());
    const page = await openApp(null, mock.url + FOLDER, { context: profile.context });
    await waitControlled(page);
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    assert.equal(scope, base, "the worker's scope is the app's folder");

    const href = await page.locator('link[rel="manifest"]').evaluate((l) => l.href);
    assert.equal(href, `${base}manifest.webmanifest`);
    const manifest = await (await fetch(href)).json();
    assert.equal(manifest.display, "standalone");
    assert.equal(manifest.start_url, "./");
    assert.equal(manifest.scope, "./");
    assert.ok(manifest.name && manifest.short_name && manifest.theme_color && manifest.background_color);
    const purposes = new Set();
    const sizes = new Set();
    for (const icon of manifest.icons) {
      const response = await fetch(new URL(icon.src, href));
      assert.equal(response.status, 200, icon.src);
      assert.equal(response.headers.get("content-type"), "image/png");
      const [w, h] = pngSize(Buffer.from(await response.arrayBuffer()));
      assert.equal(`${w}x${h}`, icon.sizes, icon.src);
      sizes.add(icon.sizes);
      purposes.add(icon.purpose);
    }
    assert.ok(sizes.has("192x192") && sizes.has("512x512"));
    assert.ok(purposes.has("maskable") && purposes.has("any"));
    const themes = await page.locator('meta[name="theme-color"]').evaluateAll((ms) => ms.map((m) => m.media));
    assert.deepEqual(themes.sort(), ["(prefers-color-scheme: dark)", "(prefers-color-scheme: light)"]);

    // Chromium's own verdict.
    const cdp = await page.context().newCDPSession(page);
    const parsed = await cdp.send("Page.getAppManifest");
    assert.deepEqual(parsed.errors, [], "manifest parses without errors");
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    assert.deepEqual(installabilityErrors.map((e) => e.errorId), []);

    // Exactly this build's files are cached, nothing else.
    const cached = Object.values(await cachesOf(page));
    assert.equal(cached.length, 1, "one cache");
    const expected = precacheList(DIST).map(([f]) => base + f).sort();
    assert.deepEqual(cached[0], expected);
    assert.ok(expected.some((u) => u.endsWith("/index.html")) && !expected.some((u) => u.endsWith("/sw.js")));
    assertNoPageErrors(page);
  });

  it("opens offline after one visit, with every stored chat", async () => {
    const mock = await serve({ prefix: PREFIX });
    const page = await open(mock.url + FOLDER);
    await useDemo(page);
    await chat(page, "scenario:basic first chat");
    await page.getByRole("button", { name: "New chat" }).click();
    await chat(page, "scenario:basic second chat");
    await waitControlled(page);
    const before = await cachesOf(page);

    // The network is gone and so is the server.
    mock.stop();
    await page.context().setOffline(true);
    await reloadApp(page);
    const list = page.getByRole("button", { name: /^scenario:basic (first|second) chat/ });
    assert.equal(await list.count(), 2, "both chats listed");
    for (const name of ["first", "second"]) {
      await page.getByRole("button", { name: new RegExp(`^scenario:basic ${name} chat`) }).click();
      const user = page.locator('article[data-message-role="user"]').last();
      await user.getByText(`scenario:basic ${name} chat`).waitFor();
      const reply = lastReply(page);
      assert.equal(await reply.getAttribute("data-status"), "done");
      assert.ok((await partText(reply, "thinking")).length > 0);
      await reply.locator('[data-part="answer"] strong').first().waitFor();
    }
    assert.deepEqual(await cachesOf(page), before, "the offline visit changed no cache");
    await shot(page, "hosting-offline");
    assertNoPageErrors(page);
  });

  it("a new deployment: notice with Reload, then the new build only", async () => {
    const work = mkdtempSync(join(tmpdir(), "mmchat-hosting-"));
    try {
      const site = join(work, "site");
      const buildB = join(work, "b");
      cpSync(DIST, site, { recursive: true });
      const { css: cssB } = makeBuildB(buildB);
      const mock = await serve({ dir: site, prefix: PREFIX });
      const base = mock.url + PREFIX;

      const page = await open(mock.url + FOLDER);
      await useDemo(page);
      await chat(page, "scenario:basic kept across the update");
      await waitControlled(page);
      const cacheA = Object.keys(await cachesOf(page));
      assert.equal(cacheA.length, 1);

      // Deploy B over A, as a host would.
      rmSync(site, { recursive: true });
      cpSync(buildB, site, { recursive: true });
      page.requests.length = 0;
      await reloadApp(page);
      const notice = page.getByRole("status").filter({ hasText: "new version" });
      await notice.waitFor({ timeout: 30000 });
      const reload = notice.getByRole("button", { name: "Reload" });
      await reload.waitFor();
      // Still all of A on screen: the old worker served this page.
      assert.equal(await page.locator('meta[name="build-under-test"]').count(), 0);
      const stylesheet = () => page.locator('link[rel="stylesheet"]').evaluate((l) => l.getAttribute("href"));
      assert.notEqual(await stylesheet(), `./${cssB}`);
      await shot(page, "hosting-update-ready");

      await Promise.all([page.waitForEvent("load"), reload.click()]);
      await page.getByRole("textbox", { name: "Message" }).waitFor();
      assert.equal(await page.locator('meta[name="build-under-test"]').getAttribute("content"), "B");
      assert.equal(await stylesheet(), `./${cssB}`);
      // Every file this page loaded is one of B's.
      const filesB = new Set(precacheList(buildB).map(([f]) => base + f));
      const loaded = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
      const foreign = loaded.filter((u) => u.startsWith(base) && !filesB.has(u) && !u.endsWith("/sw.js"));
      assert.deepEqual(foreign, [], "nothing from build A");
      await waitControlled(page);
      const caches = await cachesOf(page);
      assert.deepEqual(Object.keys(caches).length, 1, "A's cache is gone");
      assert.notDeepEqual(Object.keys(caches), cacheA);
      assert.deepEqual(Object.values(caches)[0], [...filesB].sort());
      assert.equal(await page.getByRole("status").filter({ hasText: "new version" }).count(), 0);
      // The chats are the browser's, not the build's: all still there.
      await page.getByRole("button", { name: /^scenario:basic kept across the update/ }).waitFor();
      await lastReply(page).locator('[data-part="answer"] strong').first().waitFor();
      await shot(page, "hosting-update-done");
      assertNoPageErrors(page);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it("a dev build where a release build was: its worker removes itself", async () => {
    const work = mkdtempSync(join(tmpdir(), "mmchat-hosting-"));
    try {
      const site = join(work, "site");
      cpSync(DIST, site, { recursive: true });
      const mock = await serve({ dir: site, prefix: PREFIX });
      const page = await open(mock.url + FOLDER);
      await waitControlled(page);
      assert.equal(Object.keys(await cachesOf(page)).length, 1);

      // What a dev build ships: the same worker with nothing to precache.
      writeFileSync(join(site, "index.html"), readFileSync(join(DIST, "index.html"), "utf8").replace(
        "</head>", '<meta name="build-under-test" content="dev"></head>'));
      execFileSync("node", [join(root, "scripts", "service-worker.mjs"), site, "--dev"]);
      await page.reload();
      // The old worker answers this load; the new one unregisters and reloads the page.
      await page.locator('meta[name="build-under-test"]').waitFor({ state: "attached", timeout: 30000 });
      await page.getByRole("textbox", { name: "Message" }).waitFor();
      assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null);
      assert.deepEqual(await page.evaluate(() => navigator.serviceWorker.getRegistrations().then((r) => r.length)), 0);
      assert.deepEqual(await cachesOf(page), {}, "its caches are gone");
      assertNoPageErrors(page);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});

/**
 * Build B: a copy of dist/ whose stylesheet changed (so its name and
 * integrity change), marked in index.html, with its service worker's list
 * written again, as a new release build would.
 */
function makeBuildB(dir) {
  cpSync(DIST, dir, { recursive: true });
  let html = readFileSync(join(dir, "index.html"), "utf8");
  const link = /<link\b[^>]*rel=("stylesheet"|stylesheet)[^>]*>/.exec(html)[0];
  const oldName = /href="?\.\/(app-[0-9a-f]+\.css)/.exec(link)[1];
  const css = `${readFileSync(join(dir, oldName), "utf8")}\n/* build B */\n`;
  const name = `app-${createHash("sha256").update(css).digest("hex").slice(0, 16)}.css`;
  rmSync(join(dir, oldName));
  writeFileSync(join(dir, name), css);
  const integrity = `sha384-${createHash("sha384").update(css).digest("base64")}`;
  const newLink = `<link href="./${name}" integrity="${integrity}" rel="stylesheet">`;
  html = html.replace(link, `${newLink}<meta name="build-under-test" content="B">`);
  writeFileSync(join(dir, "index.html"), html);
  execFileSync("node", [join(root, "scripts", "service-worker.mjs"), dir]);
  return { css: name };
}
