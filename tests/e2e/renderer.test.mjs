// The markdown renderer is a second wasm module the app fetches after its
// first paint. Without it nothing is lost: answers show as plain text, and
// once it arrives they are formatted in place.
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import {
  useEnv, newContext, configure, send, lastReply, waitSettled, reloadApp, partText, shot, assertNoPageErrors,
} from "./harness.mjs";

const RAW = "Hello! **How can I help** today?";
const RENDERER_WASM = /\/renderer-[0-9a-f]+\/markdown_bg\.wasm$/;

describe("renderer module", () => {
  const env = useEnv({ before, after, afterEach });

  /** A page whose renderer module requests go through `handler`. */
  async function pageWithRenderer(handler) {
    const context = await newContext(env.browser, { viewport: { width: 1100, height: 800 } });
    await context.route(RENDERER_WASM, handler);
    return env.page({ context });
  }

  it("loads after the app and renders answers", async () => {
    const page = await env.page();
    const appWasm = page.requests.findIndex((u) => /minimax-chat-[0-9a-f]+_bg\.wasm$/.test(u));
    const renderer = page.requests.findIndex((u) => RENDERER_WASM.test(u));
    assert.ok(appWasm >= 0 && renderer > appWasm, "the renderer is fetched after the app's own wasm");
    await configure(page);
    await send(page, "scenario:basic");
    assert.equal(await waitSettled(page), "done");
    const answer = lastReply(page).locator('[data-part="answer"]');
    assert.equal(await answer.locator("strong").textContent(), "How can I help");
    assert.equal(await answer.evaluate((el) => el.classList.contains("plain")), false);
    assertNoPageErrors(page);
  });

  it("cannot load: answers are plain text, a notice says why, nothing is lost", async () => {
    const page = await pageWithRenderer((route) => route.abort());
    const notice = page.getByRole("status").filter({ hasText: "plain text" });
    await notice.waitFor();
    await configure(page);
    await send(page, "scenario:basic");
    assert.equal(await waitSettled(page), "done");
    const reply = lastReply(page);
    assert.equal((await partText(reply, "answer")).trim(), RAW, "the answer's text, exactly as sent");
    assert.equal(await reply.locator('[data-part="answer"] strong').count(), 0);
    assert.equal(await reply.locator('[data-part="answer"]').evaluate((el) => el.classList.contains("plain")), true);
    await shot(page, "renderer-unavailable");

    await reloadApp(page);
    const again = lastReply(page);
    await again.waitFor();
    assert.equal((await partText(again, "answer")).trim(), RAW, "kept across a reload");
    assertNoPageErrors(page);
  });

  it("slow to load: a stored chat shows as plain text, then is formatted in place", async () => {
    let release;
    const held = new Promise((resolve) => (release = resolve));
    let hold = false;
    const page = await pageWithRenderer(async (route) => {
      if (hold) await held;
      await route.continue();
    });
    await configure(page);
    await send(page, "scenario:basic");
    assert.equal(await waitSettled(page), "done");

    hold = true;
    await reloadApp(page);
    const answer = lastReply(page).locator('[data-part="answer"]');
    // After a moment's patience the chat shows, unformatted.
    await answer.waitFor({ timeout: 10000 });
    assert.equal((await answer.textContent()).trim(), RAW);
    assert.equal(await answer.evaluate((el) => el.classList.contains("plain")), true);
    release();
    await answer.locator("strong").waitFor();
    assert.equal((await answer.textContent()).trim(), "Hello! How can I help today?");
    assert.equal(await answer.evaluate((el) => el.classList.contains("plain")), false);
    assertNoPageErrors(page);
  });
});
