// The Cloudflare Pages Function (deploy/cloudflare-pages/functions/api/[[path]].js)
// in Cloudflare's own runtime, workerd (through miniflare). Pages calls a
// function's onRequest with a context object; a two-line entry module does
// the same here. MiniMax's two hosts are the mock server behind recorders.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { assertErrorsPassThrough, assertLargeRequestPasses, assertStreamsLive, quickChat } from "./checks.mjs";
import { deploy, startMock, startRecorder, startWorker } from "./servers.mjs";

const folder = join(deploy, "cloudflare-pages");
const FUNCTION = join(folder, "functions", "api", "[[path]].js");
const ENTRY = `import { onRequest } from "./functions/api/[[path]].js";
export default { fetch: (request, env) => onRequest({ request, env, params: {}, data: {} }) };
`;

describe("Cloudflare Pages Function in workerd", () => {
  let mock, global, cn, fn;
  before(async () => {
    mock = await startMock();
    global = await startRecorder(mock.url);
    cn = await startRecorder(mock.url);
    fn = await startWorker({
      modules: [{ path: join(folder, "entry.mjs"), contents: ENTRY }, { path: FUNCTION }],
      modulesRoot: folder,
      compatibilityDate: "2026-04-01",
      bindings: { UPSTREAM_GLOBAL: global.url, UPSTREAM_CN: cn.url },
    });
  });
  after(async () => {
    await fn?.stop();
    await global?.stop();
    await cn?.stop();
    await mock?.stop();
  });

  it("streams a chat through /api/minimax/ live", async () => {
    await assertStreamsLive(fn.url, "/api/minimax/v1", mock.url);
  });

  it("passes errors through as MiniMax sent them (401 JSON, 429 with Retry-After)", async () => {
    await assertErrorsPassThrough(fn.url, "/api/minimax/v1", mock.url);
  });

  it("passes a request of several MB", async () => {
    await assertLargeRequestPasses(fn.url, "/api/minimax/v1");
  });

  it("sends each prefix to its own region", async () => {
    const [g, c] = [global.seen.length, cn.seen.length];
    await quickChat(`${fn.url}/api/minimax-cn/v1/chat/completions`);
    const models = await fetch(`${fn.url}/api/minimax/v1/models`);
    assert.equal((await models.json()).object, "list");
    assert.deepEqual(cn.seen.slice(c).map((r) => `${r.method} ${r.path}`), ["POST /v1/chat/completions"]);
    assert.deepEqual(global.seen.slice(g).map((r) => `${r.method} ${r.path}`), ["GET /v1/models"]);
  });

  it("passes on the key, Content-Type and Accept only", async () => {
    const g = global.seen.length;
    await quickChat(`${fn.url}/api/minimax/v1/chat/completions`, { Cookie: "site=secret", Origin: fn.url, "X-Private": "no" });
    const [seen] = global.seen.slice(g);
    assert.equal(seen.headers.authorization, "Bearer test-key-not-secret");
    for (const name of ["cookie", "origin", "x-private"]) assert.equal(seen.headers[name], undefined, name);
  });

  it("answers 404 for other /api/ paths", async () => {
    assert.equal((await fetch(`${fn.url}/api/other/v1/models`)).status, 404);
  });
});
