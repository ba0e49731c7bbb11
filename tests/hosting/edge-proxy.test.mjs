// The edge proxy (deploy/edge-proxy/worker.js) in Cloudflare's own runtime,
// workerd (through miniflare), with its wrangler.toml settings and MiniMax's
// two hosts replaced by the mock server behind recorders. Over HTTP: CORS
// for the allowed origin only (preflight included), only the two paths, only
// with the caller's own key, live streaming, errors intact. In Chromium: a
// page on the allowed origin chats through it; the same page on another
// origin is refused and says what to do.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseToml } from "smol-toml";
import {
  assertErrorsPassThrough,
  assertLargeRequestPasses,
  assertStreamsLive,
  quickChat,
} from "./checks.mjs";
import { deploy, dist, startMock, startRecorder, startWorker } from "./servers.mjs";
import { chatInBrowser, withBrowser } from "./browser.mjs";
import { openApp, send, waitSettled, lastReply } from "../e2e/harness.mjs";

const folder = join(deploy, "edge-proxy");
const config = parseToml(readFileSync(join(folder, "wrangler.toml"), "utf8"));
const SITE = "https://you.example";
const OTHER = "https://someone-else.example";
const CHAT = "/api/minimax/v1/chat/completions";

describe("edge proxy Worker in workerd", () => {
  let mock, global, cn, worker, page;
  before(async () => {
    // The page's own server for the browser checks: the mock serving dist/.
    mock = await startMock({ staticDir: dist });
    global = await startRecorder(mock.url);
    cn = await startRecorder(mock.url);
    worker = await startWorker({
      modules: [{ path: join(folder, config.main) }],
      modulesRoot: folder,
      compatibilityDate: config.compatibility_date,
      bindings: {
        ALLOWED_ORIGINS: `${SITE}, ${mock.url}`,
        UPSTREAM_GLOBAL: global.url,
        UPSTREAM_CN: cn.url,
      },
    });
    page = (path) => `${worker.url}${path}`;
  });
  after(async () => {
    await worker?.stop();
    await global?.stop();
    await cn?.stop();
    await mock?.stop();
  });

  const preflight = (path, origin, method = "POST", headers = "authorization, content-type") =>
    fetch(page(path), {
      method: "OPTIONS",
      headers: { Origin: origin, "Access-Control-Request-Method": method, "Access-Control-Request-Headers": headers },
    });

  it("answers a preflight from the allowed origin, for the route's own method and the app's headers", async () => {
    const res = await preflight(CHAT, SITE);
    assert.equal(res.status, 204);
    assert.equal(res.headers.get("access-control-allow-origin"), SITE);
    assert.match(res.headers.get("access-control-allow-methods"), /^POST\b/);
    assert.match(res.headers.get("access-control-allow-headers"), /authorization/);
    assert.match(res.headers.get("access-control-allow-headers"), /content-type/);
    assert.match(res.headers.get("vary"), /Origin/);
    const models = await preflight("/api/minimax-cn/v1/models", SITE, "GET", "authorization");
    assert.equal(models.status, 204);
    assert.match(models.headers.get("access-control-allow-methods"), /^GET\b/);
  });

  it("refuses preflights from other origins, for other methods or other headers", async () => {
    for (const res of [
      await preflight(CHAT, OTHER),
      await preflight(CHAT, SITE, "PUT"),
      await preflight(CHAT, SITE, "POST", "authorization, x-api-key"),
    ]) {
      assert.equal(res.status, 403);
      assert.equal(res.headers.get("access-control-allow-origin"), null);
    }
  });

  it("refuses any request without the allowed Origin, before reaching MiniMax", async () => {
    const seen = global.seen.length;
    for (const origin of [OTHER, null, "null"]) {
      const res = await fetch(page(CHAT), {
        method: "POST",
        headers: { Authorization: "Bearer k", "Content-Type": "application/json", ...(origin ? { Origin: origin } : {}) },
        body: "{}",
      });
      assert.equal(res.status, 403, `Origin ${origin}`);
      assert.equal(res.headers.get("access-control-allow-origin"), null);
    }
    assert.equal(global.seen.length, seen, "nothing was forwarded");
  });

  it("refuses a request without a key (it holds none), in MiniMax's error shape", async () => {
    const seen = global.seen.length;
    const res = await fetch(page(CHAT), {
      method: "POST",
      headers: { Origin: SITE, "Content-Type": "application/json" },
      body: "{}",
    });
    assert.equal(res.status, 401);
    assert.equal(res.headers.get("access-control-allow-origin"), SITE);
    assert.equal((await res.json()).error.type, "authentication_error");
    assert.equal(global.seen.length, seen, "nothing was forwarded");
  });

  it("forwards only the chat and models paths, each with its one method", async () => {
    const get = (path, method = "GET") =>
      fetch(page(path), { method, headers: { Origin: SITE, Authorization: "Bearer k" } });
    for (const path of ["/", "/v1/chat/completions", "/api/minimax/v1/files", "/api/minimax/v1/chat/completions/x", "/api/other/v1/models"]) {
      const res = await get(path);
      assert.equal(res.status, 404, path);
      assert.equal((await res.json()).error.type, "not_found_error");
    }
    const wrong = await get(CHAT);
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get("allow"), "POST, OPTIONS");
    assert.equal((await get("/api/minimax/v1/models", "POST")).status, 405);
  });

  it("streams a chat live, with CORS for the page", async () => {
    const via = await assertStreamsLive(worker.url, "/api/minimax/v1", mock.url, { Origin: SITE });
    assert.equal(via.headers.get("access-control-allow-origin"), SITE);
    assert.match(via.headers.get("access-control-expose-headers"), /Retry-After/i);
  });

  it("passes errors through as MiniMax sent them (401 JSON, 429 with Retry-After)", async () => {
    await assertErrorsPassThrough(worker.url, "/api/minimax/v1", mock.url, { Origin: SITE });
  });

  it("passes a request of several MB", async () => {
    await assertLargeRequestPasses(worker.url, "/api/minimax/v1", { Origin: SITE });
  });

  it("sends the China prefix to the China upstream, and lists models for both", async () => {
    const c = cn.seen.length;
    await quickChat(page("/api/minimax-cn/v1/chat/completions"), { Origin: SITE });
    const models = await fetch(page("/api/minimax-cn/v1/models"), { headers: { Origin: SITE, Authorization: "Bearer k" } });
    assert.equal(models.status, 200);
    assert.equal((await models.json()).object, "list");
    assert.deepEqual(cn.seen.slice(c).map((r) => `${r.method} ${r.path}`), ["POST /v1/chat/completions", "GET /v1/models"]);
  });

  it("passes on the key, Content-Type and Accept only: no cookie, origin or other header", async () => {
    const g = global.seen.length;
    await quickChat(page(CHAT), { Origin: SITE, Cookie: "site=secret", "X-Private": "not for MiniMax" });
    const [seen] = global.seen.slice(g);
    assert.equal(seen.headers.authorization, "Bearer test-key-not-secret");
    assert.equal(seen.headers["content-type"], "application/json");
    for (const name of ["cookie", "origin", "x-private", "referer"]) assert.equal(seen.headers[name], undefined, name);
  });

  it("has no console call: it cannot log a body, header or key", () => {
    const source = readFileSync(join(folder, config.main), "utf8");
    assert.doesNotMatch(source, /\bconsole\s*\./);
    assert.equal(config.observability?.enabled, false, "Workers Logs off in wrangler.toml");
  });

  it("in Chromium: a page on the allowed origin chats through it (real CORS)", async () => {
    await withBrowser(async (browser) => {
      await chatInBrowser(browser, mock.url, { baseUrl: page("/api/minimax/v1") });
      assert.ok(global.seen.some((r) => r.method === "POST"), "the chat went through the Worker");
    });
  });

  it("in Chromium: the same page on another origin is refused, and the alert says why and where to look", async () => {
    const other = mock.url.replace("127.0.0.1", "localhost");
    await withBrowser(async (browser) => {
      const tab = await openApp(browser, other);
      await tab.getByRole("button", { name: "Settings" }).click();
      await tab.getByLabel("API key").fill("test-key-not-secret");
      await tab.getByLabel("Base URL").fill(page("/api/minimax/v1"));
      await tab.getByLabel("Base URL").press("Tab");
      await tab.getByRole("button", { name: "Close" }).click();
      await send(tab, "From the wrong site scenario:basic");
      assert.equal(await waitSettled(tab), "error");
      const alert = await lastReply(tab).getByRole("alert").innerText();
      assert.match(alert, /CORS/);
      assert.match(alert, /docs\/hosting\.md/);
      assert.match(alert, /edge proxy/);
    });
  });
});

describe("edge proxy Worker settings (its fetch export, called in Node)", () => {
  const call = async (env, origin) => {
    const { default: worker } = await import(join(folder, config.main));
    const req = new Request(`https://proxy.example${CHAT}`, {
      method: "OPTIONS",
      headers: { Origin: origin, "Access-Control-Request-Method": "POST" },
    });
    return worker.fetch(req, env);
  };

  it("fails closed: no list, a wildcard or a malformed entry admits nobody", async () => {
    for (const ALLOWED_ORIGINS of [undefined, "", "*", "https://*.example", "you.example"]) {
      assert.equal((await call({ ALLOWED_ORIGINS }, SITE)).status, 403, String(ALLOWED_ORIGINS));
    }
  });

  it("compares whole origins: a path or trailing slash in the list is ignored, a look-alike is not admitted", async () => {
    assert.equal((await call({ ALLOWED_ORIGINS: `${SITE}/chat/` }, SITE)).status, 204);
    assert.equal((await call({ ALLOWED_ORIGINS: SITE }, `${SITE}.evil.example`)).status, 403);
    assert.equal((await call({ ALLOWED_ORIGINS: SITE }, SITE.replace("https", "http"))).status, 403);
    assert.equal((await call({ ALLOWED_ORIGINS: `${OTHER} ${SITE}` }, SITE)).status, 204);
  });
});
