// nginx and Caddy running the deploy/ recipes, serving the build at / and
// under /chat/, with MiniMax's two hosts replaced by the mock server (behind
// a recorder each, noting what reached them). Over HTTP: a chat streams
// through live, errors and large requests pass, only the key goes on, each
// prefix reaches its region, and every file has its headers (at / and under
// the sub-path). In Chromium: the app loads under the header CSP, offers the
// Local proxy preset and chats through it.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  assertAppFiles,
  assertErrorsPassThrough,
  assertLargeRequestPasses,
  assertOnlyTheKeyWentOn,
  assertSecurityHeaders,
  assertStreamsLive,
  quickChat,
} from "./checks.mjs";
import { copyDist, scratch, startCaddy, startMock, startNginx, startRecorder } from "./servers.mjs";
import { chatInBrowser, unexpectedConsoleErrors, withBrowser } from "./browser.mjs";

const HOSTS = [
  ["nginx", startNginx],
  ["Caddy", startCaddy],
];

for (const [name, start] of HOSTS) {
  for (const sub of ["", "/chat"]) {
    describe(`${name} recipe, app at ${sub || "/"}`, () => {
      let mock, global, cn, host, tmp;
      before(async () => {
        tmp = scratch(name.toLowerCase());
        mock = await startMock();
        global = await startRecorder(mock.url);
        cn = await startRecorder(mock.url);
        const site = join(tmp.dir, "site");
        copyDist(join(site, sub));
        host = await start({ site, upstreams: { global: global.url, cn: cn.url }, dir: tmp.dir });
      });
      after(async () => {
        await host?.stop();
        await global?.stop();
        await cn?.stop();
        await mock?.stop();
        tmp?.cleanup();
      });

      if (!sub) {
        it("streams a chat through /api/minimax/ live, event by event", async () => {
          await assertStreamsLive(host.url, "/api/minimax/v1", mock.url, { Cookie: "site=secret", Origin: host.url });
          assert.ok(global.seen.some((r) => r.path === "/v1/chat/completions"), "went to the global upstream as /v1/…");
        });

        it("passes errors through as MiniMax sent them (401 JSON, 429 with Retry-After)", async () => {
          await assertErrorsPassThrough(host.url, "/api/minimax/v1", mock.url);
        });

        it("passes a request of several MB (a chat with photos)", async () => {
          await assertLargeRequestPasses(host.url, "/api/minimax/v1");
        });

        it("forwards the key and nothing of the site's: no cookie, no Origin", () => {
          assertOnlyTheKeyWentOn(global.seen);
        });
      }

      it(`sends ${sub}/api/minimax-cn/ to the China upstream, ${sub}/api/minimax/ to the global one`, async () => {
        const [g, c] = [global.seen.length, cn.seen.length];
        await quickChat(`${host.url}${sub}/api/minimax-cn/v1/chat/completions?scenario=basic`);
        assert.deepEqual(cn.seen.slice(c).map((r) => `${r.method} ${r.path}`), ["POST /v1/chat/completions?scenario=basic"]);
        await quickChat(`${host.url}${sub}/api/minimax/v1/chat/completions`);
        assert.deepEqual(global.seen.slice(g).map((r) => `${r.method} ${r.path}`), ["POST /v1/chat/completions"]);
      });

      it(`answers the model list the app's probe asks for (${sub}/api/minimax/v1/models) as JSON`, async () => {
        const res = await fetch(`${host.url}${sub}/api/minimax/v1/models`);
        assert.equal(res.status, 200);
        assert.match(res.headers.get("content-type"), /json/);
        assert.equal(res.headers.get("cache-control"), null, "API answers keep the upstream's caching");
      });

      it("serves every file with the security headers, its type and the right caching", async () => {
        await assertAppFiles(`${host.url}${sub}`);
      });

      if (sub) {
        it(`redirects ${sub} to ${sub}/ with a relative Location`, async () => {
          const res = await fetch(`${host.url}${sub}`, { redirect: "manual" });
          assert.ok([301, 302, 308].includes(res.status), `status ${res.status}`);
          assert.equal(res.headers.get("location"), `${sub}/`);
        });
      } else {
        it("loads in Chromium under the header CSP and chats through the Local proxy preset", async () => {
          await withBrowser(async (browser) => {
            const page = await chatInBrowser(browser, host.url);
            const res = await fetch(`${host.url}/`);
            assertSecurityHeaders(res.headers, "/");
            assert.deepEqual(unexpectedConsoleErrors(page), [], "no console errors (CSP violations would show here)");
          });
        });
      }
    });
  }
}
