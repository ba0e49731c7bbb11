// Persistence and the conversation list: reload restores the open chat with
// its thinking, answer and settings; New chat keeps the old one in the list.
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import {
  useEnv,
  configure,
  send,
  lastReply,
  waitSettled,
  partText,
  reloadApp,
  thinkingToggle,
  assertNoPageErrors,
} from "./harness.mjs";

const THINKING = "The user wants a greeting. I will keep it short.";
const ANSWER = "Hello! How can I help today?";

function conversations(page) {
  return page.getByRole("navigation", { name: "Conversations" });
}

describe("persistence", () => {
  const env = useEnv({ before, after, afterEach });

  it("reload restores the conversation, its thinking and answer, and the settings", async () => {
    const page = await env.page();
    await configure(page, { model: "MiniMax-M2.7" });
    await send(page, "Greetings from before reload scenario:basic");
    assert.equal(await waitSettled(page), "done");

    await reloadApp(page);
    const articles = page.locator("article[data-message-role]");
    await lastReply(page).waitFor();
    assert.equal(await articles.count(), 2);
    const user = page.locator('article[data-message-role="user"]');
    assert.ok((await user.innerText()).includes("Greetings from before reload scenario:basic"));
    const reply = lastReply(page);
    assert.equal(await reply.getAttribute("data-status"), "done");
    assert.equal(await partText(reply, "thinking"), THINKING);
    assert.equal((await partText(reply, "answer")).trim(), ANSWER);
    assert.equal(await reply.locator('[data-part="answer"] strong').textContent(), "How can I help");
    const toggle = reply.getByRole("button", { name: /^Thought for \d+ s$/ });
    assert.equal(await toggle.getAttribute("aria-expanded"), "false");
    // It is still in the list.
    await conversations(page).getByRole("button", { name: /^Greetings from before/ }).waitFor();

    await page.getByRole("button", { name: "Settings" }).click();
    assert.equal(await page.getByLabel("Base URL").inputValue(), "/api/demo/v1");
    assert.equal(await page.getByLabel("Model").inputValue(), "MiniMax-M2.7");
    assert.equal(await page.getByLabel("API key").inputValue(), "test-key-not-secret");
    await page.getByRole("button", { name: "Close" }).click();

    // And the restored chat can be continued.
    await send(page, "And after reload scenario:fast");
    assert.equal(await waitSettled(page), "done");
    assert.equal(await page.locator('article[data-message-role="assistant"]').count(), 2);
    assertNoPageErrors(page);
  });

  it("New chat starts empty; the previous chat stays in the list by title and reopens", async () => {
    const page = await env.page();
    await configure(page);
    await send(page, "First chat about greetings scenario:basic");
    assert.equal(await waitSettled(page), "done");

    await page.getByRole("button", { name: "New chat" }).click();
    assert.equal(await page.locator("article[data-message-role]").count(), 0, "the new chat is empty");
    assert.equal(await page.getByRole("textbox", { name: "Message" }).inputValue(), "");
    const first = conversations(page).getByRole("button", { name: /^First chat about/ });
    await first.waitFor();
    const title = (await first.innerText()).trim();
    assert.ok("First chat about greetings scenario:basic".startsWith(title.replace(/…$/, "").trim()), `title ${title}`);

    // A second chat, then back to the first.
    await send(page, "Second chat scenario:inline-think");
    assert.equal(await waitSettled(page), "done");
    await conversations(page).getByRole("button", { name: /^Second chat/ }).waitFor();
    assert.ok((await page.locator('article[data-message-role="user"]').innerText()).includes("Second chat"));

    await first.click();
    await page.locator('article[data-message-role="user"]', { hasText: "First chat about greetings" }).waitFor();
    assert.equal(await page.locator("article[data-message-role]").count(), 2);
    const reply = lastReply(page);
    assert.equal(await partText(reply, "thinking"), THINKING);
    assert.equal((await partText(reply, "answer")).trim(), ANSWER);

    // The open chat survives a reload.
    await reloadApp(page);
    await page.locator('article[data-message-role="user"]', { hasText: "First chat about greetings" }).waitFor();
    assert.equal(await conversations(page).getByRole("button").filter({ hasText: /^(First|Second) chat/ }).count(), 2);
    assertNoPageErrors(page);
  });

  it("an interrupted reply is stored as interrupted with its partial text", async () => {
    const page = await env.page();
    await configure(page);
    await send(page, "Cut me off scenario:cut");
    assert.equal(await waitSettled(page), "interrupted");
    await reloadApp(page);
    const reply = lastReply(page);
    await reply.waitFor();
    assert.equal(await reply.getAttribute("data-status"), "interrupted");
    assert.equal(await partText(reply, "thinking"), "Starting to think about this.");
    assert.equal((await partText(reply, "answer")).trim(), "This answer stops in the mid");
    await thinkingToggle(reply).waitFor();
    assertNoPageErrors(page);
  });
});
