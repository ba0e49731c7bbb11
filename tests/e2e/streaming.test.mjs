// Streaming replies: thinking and answer kept apart and exact, the thinking
// toggle, the quirks of inline <think> tags, finish reasons, cut streams, Stop.
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import {
  useEnv,
  configure,
  send,
  lastReply,
  waitSettled,
  shot,
  partText,
  thinkingToggle,
  assertNoPageErrors,
} from "./harness.mjs";

/** Configure the local demo endpoint and send `text`; the reply's article. */
async function start(page, text) {
  await configure(page);
  await send(page, text);
  return lastReply(page);
}

/** Send a message selecting scenario `name` and wait for the reply to settle. */
async function run(page, name, text = `Please answer scenario:${name}`) {
  const reply = await start(page, text);
  return { reply, status: await waitSettled(page) };
}

/** Assert the exact thinking and answer texts of a finished reply. */
async function expectParts(reply, { thinking, answer }) {
  if (thinking !== undefined) assert.equal(await partText(reply, "thinking"), thinking, "thinking text");
  if (answer !== undefined) {
    const got = await partText(reply, "answer");
    assert.equal(got === null ? null : got.trim(), answer, "answer text");
  }
}

/** Wait until the last reply's `part` ("thinking" or "answer") holds `text`. */
async function waitForPart(page, part, text) {
  await page.waitForFunction(
    ([part, text]) => {
      const all = document.querySelectorAll(`article[data-message-role="assistant"] [data-part="${part}"]`);
      return all.length > 0 && all[all.length - 1].textContent.includes(text);
    },
    [part, text],
  );
}

describe("streaming", () => {
  const env = useEnv({ before, after, afterEach });

  it("basic: thinking and answer are separate and exact, markdown rendered", async () => {
    const page = await env.page();
    const { reply, status } = await run(page, "basic");
    assert.equal(status, "done");
    await expectParts(reply, {
      thinking: "The user wants a greeting. I will keep it short.",
      answer: "Hello! How can I help today?",
    });
    const strong = reply.locator('[data-part="answer"] strong');
    assert.equal(await strong.count(), 1);
    assert.equal(await strong.textContent(), "How can I help");
    // The answer holds no raw markdown.
    assert.ok(!(await partText(reply, "answer")).includes("**"));
    // The user's message is shown, oldest first.
    const roles = await page
      .locator("article[data-message-role]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-message-role")));
    assert.deepEqual(roles, ["user", "assistant"]);
    assert.equal(
      (await page.locator('article[data-message-role="user"]').textContent()).includes("Please answer scenario:basic"),
      true,
    );
    // Usage is shown outside the answer.
    assert.ok((await partText(reply, "usage"))?.trim().length > 0, "usage shown");
    await reply.getByRole("button", { name: "Copy" }).waitFor();
    await reply.getByRole("button", { name: "Regenerate" }).waitFor();
    await shot(page, "reply-done-collapsed");
    assertNoPageErrors(page);
  });

  it("thinking toggle: collapsed when done, expands and collapses on click", async () => {
    const page = await env.page();
    const { reply } = await run(page, "basic");
    const toggle = reply.getByRole("button", { name: /^Thought for \d+ s$/ });
    await toggle.waitFor();
    assert.equal(await toggle.getAttribute("aria-expanded"), "false");
    const thinking = reply.locator('[data-part="thinking"]');
    assert.equal(await thinking.count(), 1, "thinking stays in the DOM when collapsed");
    assert.equal(await thinking.isVisible(), false, "collapsed thinking is hidden");
    // The toggle is a real button outside the thinking text.
    assert.equal(await toggle.evaluate((b) => b.tagName), "BUTTON");
    // Text alone, in the panel's own blocks (src/browser/plain_text.rs).
    assert.ok(
      await thinking.evaluate((t) => [...t.children].every((b) => b.className === "text-block" && b.children.length === 0)),
      "thinking holds text alone",
    );
    assert.equal(await toggle.evaluate((b) => b.closest('[data-part="thinking"]')), null, "toggle outside the text");

    // Read as soon as the panel opens, in the task of the click, before
    // the browser has drawn a frame: the text is there to read (and to
    // copy) at once, not one frame later.
    const atOnce = await toggle.evaluate(async (button) => {
      const panel = button.closest("article").querySelector('[data-part="thinking"]');
      button.click();
      for (let i = 0; i < 1000 && panel.hidden; i++) await Promise.resolve();
      return { hidden: panel.hidden, text: panel.innerText };
    });
    assert.deepEqual(atOnce, { hidden: false, text: "The user wants a greeting. I will keep it short." });
    assert.equal(await toggle.getAttribute("aria-expanded"), "true");
    await thinking.waitFor({ state: "visible" });
    assert.equal(await thinking.innerText(), "The user wants a greeting. I will keep it short.");
    await shot(page, "reply-thinking-expanded");

    await toggle.click();
    assert.equal(await toggle.getAttribute("aria-expanded"), "false");
    await thinking.waitFor({ state: "hidden" });
    assertNoPageErrors(page);
  });

  for (const [name, thinking, answer] of [
    ["inline-think", "I should answer briefly.", "Inline answer here."],
    ["mm-think", "The closing tag is unusual here.", "Answer after mm close."],
    ["no-open-think", "Reasoning without an opening tag.", "The answer after it."],
    ["snapshot-reasoning", "The user asks about snapshots. I will answer plainly.", "Snapshot reasoning handled."],
    ["m3-stray-close", "Thinking in split mode with a stray close tag.", "The answer after the stray tag."],
    ["crlf-comments", "Checking bytes: é, 你好, 🦀.", "Crab 🦀 says 你好 — café."],
  ]) {
    it(`${name}: thinking and answer exact`, async () => {
      const page = await env.page();
      const { reply, status } = await run(page, name);
      assert.equal(status, "done");
      await expectParts(reply, { thinking, answer });
      const t = await partText(reply, "thinking");
      assert.ok(!t.includes("</think>") && !t.includes("<think>") && !t.includes("think>"), "no tag in thinking");
      assert.ok(!(await partText(reply, "answer")).includes("think>"), "no tag in answer");
      assert.equal(await reply.getByRole("alert").count(), 0, "no error");
      await thinkingToggle(reply).waitFor();
      assertNoPageErrors(page);
    });
  }

  it("unclosed-think: everything is thinking, no answer, status done", async () => {
    const page = await env.page();
    const { reply, status } = await run(page, "unclosed-think");
    assert.equal(status, "done");
    assert.equal(await partText(reply, "thinking"), "This block never closes");
    const answer = await partText(reply, "answer");
    assert.ok(answer === null || answer.trim() === "", `no answer text, got ${JSON.stringify(answer)}`);
    assert.equal(await reply.getByRole("alert").count(), 0);
    await thinkingToggle(reply).waitFor();
    assertNoPageErrors(page);
  });

  it("tool-calls: ignored, answer shown, no error", async () => {
    const page = await env.page();
    const { reply, status } = await run(page, "tool-calls");
    assert.equal(status, "done");
    await expectParts(reply, {
      thinking: "The user asked for the weather; a tool would help.",
      answer: "I can't call tools here, but Paris is usually mild in spring.",
    });
    assert.equal(await page.getByRole("alert").count(), 0);
    assertNoPageErrors(page);
  });

  it("length: the note says the token limit cut the reply", async () => {
    const page = await env.page();
    const { reply, status } = await run(page, "length");
    assert.equal(status, "done");
    await expectParts(reply, {
      thinking: "I will write a long answer.",
      answer: "This answer is cut short because it reached the token li",
    });
    const note = reply.locator(".note");
    await note.first().waitFor();
    assert.match(await note.first().innerText(), /token limit/i);
    await shot(page, "reply-length");
    assertNoPageErrors(page);
  });

  it("content-filter: partial answer kept and the filter is explained", async () => {
    const page = await env.page();
    const { reply, status } = await run(page, "content-filter");
    assert.ok(["done", "error"].includes(status), `status ${status}`);
    await expectParts(reply, {
      thinking: "Checking the request against the content policy.",
      answer: "I can't continue with",
    });
    // Somewhere in the article (note or alert) the user is told why it ended.
    const told = await reply.evaluate((a) => {
      const answer = a.querySelector('[data-part="answer"]');
      return [...a.querySelectorAll('.note, [role="alert"]')]
        .filter((e) => !answer?.contains(e))
        .map((e) => e.textContent)
        .join(" ");
    });
    assert.match(told, /filter|polic|blocked|moderat|safety/i, `explanation shown: ${JSON.stringify(told)}`);
    await shot(page, "reply-content-filter");
    assertNoPageErrors(page);
  });

  for (const name of ["cut", "cut-midway-reset"]) {
    it(`${name}: interrupted, partial text kept, note shown`, async () => {
      const page = await env.page();
      const { reply, status } = await run(page, name);
      assert.equal(status, "interrupted");
      await expectParts(reply, {
        thinking: "Starting to think about this.",
        answer: "This answer stops in the mid",
      });
      const note = reply.locator(".note");
      await note.first().waitFor();
      assert.ok((await note.first().innerText()).trim().length > 0);
      assert.match(await note.first().innerText(), /interrupt|cut|ended|lost|incomplete/i);
      // The composer is usable again.
      await page.getByRole("button", { name: "Send" }).waitFor();
      if (name === "cut") await shot(page, "reply-cut");
      assertNoPageErrors(page);
    });
  }

  it("Stop while thinking: stopped, text kept, the connection is closed", async () => {
    const page = await env.page();
    const reply = await start(page, "Count slowly scenario:slow");
    await reply.waitFor();
    assert.equal(await reply.getAttribute("data-status"), "streaming");
    // While thinking streams, the toggle says so.
    await reply.getByRole("button", { name: "Thinking…" }).waitFor();
    await waitForPart(page, "thinking", "Thinking step 2.");
    await shot(page, "reply-thinking-streaming");
    const stop = page.getByRole("button", { name: "Stop" });
    await stop.click();
    assert.equal(await waitSettled(page), "stopped");
    const thinkingAtStop = await partText(reply, "thinking");
    assert.match(thinkingAtStop, /^Thinking step 1\. Thinking step 2\./);
    await page.waitForTimeout(1000);
    assert.equal(await partText(reply, "thinking"), thinkingAtStop, "no more thinking after Stop");
    assert.ok(
      page.failed.some((f) => f.url.includes("/chat/completions")),
      `the chat request was aborted: ${JSON.stringify(page.failed)}`,
    );
    await page.getByRole("button", { name: "Send" }).waitFor();
    assert.equal(await page.getByRole("button", { name: "Stop" }).count(), 0);
    assertNoPageErrors(page);
  });

  it("Stop while answering: stopped, text kept, note shown, nothing more arrives", async () => {
    const page = await env.page();
    const reply = await start(page, "Count slowly scenario:slow");
    await waitForPart(page, "answer", "Word 3");
    assert.equal(await reply.getAttribute("data-status"), "streaming");
    assert.equal(await page.getByRole("button", { name: "Send" }).count(), 0, "Send becomes Stop");
    await shot(page, "reply-streaming");
    await page.getByRole("button", { name: "Stop" }).click();
    assert.equal(await waitSettled(page), "stopped");
    const answerAtStop = await partText(reply, "answer");
    const thinkingAtStop = await partText(reply, "thinking");
    assert.match(answerAtStop.trim(), /^Word 1 Word 2 Word 3/);
    assert.ok(!answerAtStop.includes("Word 50"));
    assert.equal(
      thinkingAtStop,
      Array.from({ length: 10 }, (_, i) => `Thinking step ${i + 1}.`).join(" "),
      "thinking complete and exact",
    );
    await page.waitForTimeout(1000);
    assert.equal(await partText(reply, "answer"), answerAtStop, "no more answer text after Stop");
    assert.equal(await reply.getAttribute("data-status"), "stopped");
    const note = reply.locator(".note");
    await note.first().waitFor();
    assert.match(await note.first().innerText(), /stop/i);
    assert.ok(page.failed.some((f) => f.url.includes("/chat/completions")), "the chat request was aborted");
    await page.getByRole("button", { name: "Send" }).waitFor();
    await shot(page, "reply-stopped");
    assertNoPageErrors(page);
  });
  it("a server that goes quiet is reported after 20 s; Stop keeps what arrived", async () => {
    const page = await env.page();
    const reply = await start(page, "Take your time scenario:stall");
    await waitForPart(page, "answer", "goes quiet");
    const quiet = reply.getByRole("status").filter({ hasText: /No new text for 20 s/ });
    assert.equal(await quiet.count(), 0, "no notice while text flows");
    // Keep-alive comments keep arriving; they are not text, so they do not count.
    await quiet.waitFor({ timeout: 30000 });
    assert.equal(await reply.getAttribute("data-status"), "streaming");
    assert.match(await quiet.innerText(), /Stop/);
    assert.equal((await partText(reply, "answer")).trim(), "Here is the start, then the server goes quiet.", "the notice is outside the answer");
    await shot(page, "reply-quiet");
    await page.getByRole("button", { name: "Stop" }).click();
    assert.equal(await waitSettled(page), "stopped");
    assert.equal(await reply.getByText(/No new text/).count(), 0, "the notice goes with the stream");
    assert.equal((await partText(reply, "answer")).trim(), "Here is the start, then the server goes quiet.");
    assert.equal(await partText(reply, "thinking"), "A quick thought before the pause.");
    assertNoPageErrors(page);
  });
  it("a server that has not answered after 20 s is reported; Stop before any byte keeps the turn", async () => {
    const page = await env.page();
    const reply = await start(page, "Anyone there? scenario:hang");
    await reply.getByLabel("Waiting for the reply").waitFor();
    const quiet = reply.getByRole("status").filter({ hasText: /No reply yet for 20 s/ });
    await quiet.waitFor({ timeout: 30000 });
    assert.equal(await reply.getAttribute("data-status"), "streaming");
    await page.getByRole("button", { name: "Stop" }).click();
    assert.equal(await waitSettled(page), "stopped");
    assert.equal(await reply.getByText(/No reply yet/).count(), 0, "the notice goes with the request");
    assert.equal((await partText(reply, "answer")).trim(), "");
    assert.ok(page.failed.some((f) => f.url.includes("/chat/completions")), "the pending request was aborted");
    await page.getByRole("button", { name: "Send" }).waitFor();
    assertNoPageErrors(page);
  });
});
