// Where the page is hosted decides what Settings offers and what a failure
// says: the same-origin presets (Local proxy, Local proxy (China), Local
// demo) appear only where the page's own server answers them, found by one
// keyless look at their models path per page load; on a host without a
// proxy, a blocked call names CORS and the hosting guide.
//
// Besides the mock server (which answers every proxy path, as trunk serve
// with the demo does), a small static server here plays the other hosts:
// one answering 404, one answering its index page for every path (a
// single-page-app fallback), and one proxying api/minimax/ to the mock as
// the deploy/ recipes do.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { createReadStream, existsSync, statSync } from "node:fs";
import http from "node:http";
import { extname, join, normalize } from "node:path";
import { DIST, startMock } from "./mock.mjs";
import {
  launch,
  openApp,
  send,
  waitSettled,
  lastReply,
  partText,
  shot,
  assertNoPageErrors,
} from "./harness.mjs";

const SAME_ORIGIN = ["Local proxy", "Local proxy (China)", "Local demo"];
const DIRECT = ["MiniMax Global", "MiniMax China"];
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".json": "application/json", ".png": "image/png", ".webmanifest": "application/manifest+json" };

/**
 * A static host for dist/: `missing` is what it answers for a path it has no
 * file for ("404" or "index"); `proxyTo` forwards api/minimax/… there.
 * `models` counts the requests for a …/models path.
 */
async function startStaticHost({ missing, proxyTo }) {
  const dist = DIST;
  const host = { models: 0 };
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path.endsWith("/models")) host.models++;
    if (proxyTo && /^\/api\/minimax(-cn)?\//.test(path)) {
      const target = new URL(proxyTo);
      const upstream = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url.replace(/^\/api\/minimax(-cn)?/, ""), headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      return req.pipe(upstream);
    }
    const file = normalize(join(dist, path === "/" ? "index.html" : path));
    if (file.startsWith(dist) && existsSync(file) && statSync(file).isFile()) {
      res.writeHead(200, { "Content-Type": TYPES[extname(file)] || "application/octet-stream" });
      return createReadStream(file).pipe(res);
    }
    if (missing === "index") {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      return createReadStream(join(dist, "index.html")).pipe(res);
    }
    res.writeHead(404, { "Content-Type": "text/html" });
    res.end("<!doctype html><title>404 Not Found</title><h1>Not Found</h1>");
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  host.url = `http://127.0.0.1:${server.address().port}`;
  host.stop = () => new Promise((r) => {
    server.closeAllConnections();
    server.close(() => r());
  });
  return host;
}

/** Opens Settings and waits until `count` probes have been answered. */
async function openSettings(page, host, count) {
  await page.getByRole("button", { name: "Settings" }).click();
  await page.getByRole("dialog").waitFor();
  if (host) {
    for (let i = 0; i < 100 && host.models < count; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(host.models, count, "one look per same-origin preset");
    // Let the answers reach the page.
    await page.waitForTimeout(300);
  }
}

async function presetsShown(page) {
  const shown = [];
  for (const name of [...DIRECT, ...SAME_ORIGIN]) {
    if ((await page.getByRole("button", { name, exact: true }).count()) > 0) shown.push(name);
  }
  return shown;
}

describe("same-origin presets and the CORS message, by host", () => {
  let mock, browser, close, hosts;
  before(async () => {
    mock = await startMock();
    ({ browser, close } = await launch());
    hosts = {
      missing: await startStaticHost({ missing: "404" }),
      fallback: await startStaticHost({ missing: "index" }),
      proxy: await startStaticHost({ missing: "404", proxyTo: mock.url }),
    };
  });
  after(async () => {
    await close?.();
    for (const h of Object.values(hosts || {})) await h.stop();
    mock?.stop();
  });

  it("on a server that answers the proxy paths (the mock, like trunk serve): all presets are offered", async () => {
    const page = await openApp(browser, mock.url);
    await openSettings(page);
    for (const name of [...DIRECT, ...SAME_ORIGIN]) {
      await page.getByRole("button", { name, exact: true }).waitFor({ timeout: 5000 });
    }
    assertNoPageErrors(page);
    await page.context().close();
  });

  for (const [kind, what] of [
    ["missing", "answers 404"],
    ["fallback", "answers its index page for every path"],
  ]) {
    it(`on a static host that ${what}: only the direct presets are offered`, async () => {
      const host = hosts[kind];
      const page = await openApp(browser, host.url);
      await openSettings(page, host, SAME_ORIGIN.length);
      assert.deepEqual(await presetsShown(page), DIRECT);
      // On 127.0.0.1 the default Base URL is the Local proxy: the hint says it is not here.
      assert.match(await page.getByLabel("Base URL").inputValue(), /^\.?\/api\/minimax\/v1$/);
      await page.getByText("This site does not answer this path").waitFor();
      if (kind === "missing") await shot(page, "settings-static-host");
      assertNoPageErrors(page);
      await page.context().close();
    });
  }

  it("looks once per page load: reopening Settings asks nothing again", async () => {
    const host = hosts.missing;
    const page = await openApp(browser, host.url);
    const before = host.models;
    await openSettings(page);
    await page.getByRole("button", { name: "Close" }).click();
    await openSettings(page);
    await page.waitForTimeout(500);
    assert.equal(host.models - before, SAME_ORIGIN.length);
    await page.context().close();
  });

  it("on a host that proxies api/minimax/ (as the deploy/ recipes do): Local proxy is offered and chats", async () => {
    const host = hosts.proxy;
    const page = await openApp(browser, host.url);
    await openSettings(page, host, SAME_ORIGIN.length);
    assert.deepEqual(await presetsShown(page), [...DIRECT, "Local proxy", "Local proxy (China)"]);
    await page.getByLabel("API key").fill("test-key-not-secret");
    await page.getByRole("button", { name: "Local proxy", exact: true }).click();
    await page.getByRole("button", { name: "Close" }).click();
    await send(page, "Through the site's proxy scenario:basic");
    assert.equal(await waitSettled(page), "done");
    assert.equal((await partText(lastReply(page), "answer"))?.trim(), "Hello! How can I help today?");
    assertNoPageErrors(page);
    await page.context().close();
  });

  it("on a static host, a blocked call to the API names CORS, Local proxy, the edge proxy and the guide's section", async () => {
    const host = hosts.missing;
    const page = await openApp(browser, host.url);
    const port = new URL(mock.url).port;
    await openSettings(page);
    await page.getByLabel("API key").fill("test-key-not-secret");
    // Another origin that sends no CORS headers, as MiniMax very likely does not.
    await page.getByLabel("Base URL").fill(`http://localhost:${port}/nocors/v1`);
    await page.getByLabel("Base URL").press("Tab");
    await page.getByRole("button", { name: "Close" }).click();
    await send(page, "Hello from a static host scenario:basic");
    assert.equal(await waitSettled(page), "error");
    const alert = await lastReply(page).getByRole("alert").innerText();
    for (const words of ["CORS", "Local proxy", "edge proxy", "docs/hosting.md", "Hosts that cannot proxy", "Base URL"]) {
      assert.ok(alert.includes(words), `the alert names ${words}: ${alert}`);
    }
    await shot(page, "error-cors-static-host");
    assertNoPageErrors(page);
    await page.context().close();
  });
});
