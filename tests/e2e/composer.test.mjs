// The composer and what the app sends: Enter / Shift+Enter, the request body,
// earlier turns sent back with their thinking, per-chat settings.
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { useEnv, configure, send, lastReply, waitSettled, assertNoPageErrors, shot } from "./harness.mjs";

const THINKING = "The user wants a greeting. I will keep it short.";
const ANSWER_MD = "Hello! **How can I help** today?";

describe("composer and request", () => {
  const env = useEnv({ before, after, afterEach });

  it("Shift+Enter inserts a newline without sending; Enter sends both lines", async () => {
    const page = await env.page();
    await configure(page);
    const box = page.getByRole("textbox", { name: "Message" });
    await box.click();
    await box.pressSequentially("line one");
    await box.press("Shift+Enter");
    await box.pressSequentially("line two scenario:basic");
    assert.equal(await box.inputValue(), "line one\nline two scenario:basic");
    assert.equal(await page.locator("article[data-message-role]").count(), 0, "nothing sent yet");
    await box.press("Enter");
    assert.equal(await waitSettled(page), "done");
    assert.equal(await box.inputValue(), "", "the box is cleared after sending");
    const user = page.locator('article[data-message-role="user"]');
    assert.equal(await user.innerText().then((t) => t.includes("line one") && t.includes("line two")), true);
    const log = await env.requests();
    const msgs = log.at(-1).body.messages;
    assert.equal(msgs.at(-1).role, "user");
    const content = typeof msgs.at(-1).content === "string" ? msgs.at(-1).content : msgs.at(-1).content.map((p) => p.text).join("\n");
    assert.equal(content, "line one\nline two scenario:basic");
    assertNoPageErrors(page);
  });

  it("Send button sends too, and an empty message is not sent", async () => {
    const page = await env.page();
    await configure(page);
    await env.resetRequests();
    await page.getByRole("textbox", { name: "Message" }).fill("   ");
    const sendBtn = page.getByRole("button", { name: "Send" });
    if (await sendBtn.isEnabled()) await sendBtn.click();
    await page.waitForTimeout(300);
    assert.equal(await page.locator("article[data-message-role]").count(), 0, "a blank message is not sent");
    await page.getByRole("textbox", { name: "Message" }).fill("By button scenario:basic");
    await sendBtn.click();
    assert.equal(await waitSettled(page), "done");
    assert.equal((await env.requests()).length, 1);
    assertNoPageErrors(page);
  });

  it("history: the earlier assistant turn goes back with its reasoning_details; body fields", async () => {
    const page = await env.page();
    await configure(page);
    await send(page, "First question scenario:basic");
    assert.equal(await waitSettled(page), "done");
    await send(page, "Second question scenario:fast");
    assert.equal(await waitSettled(page), "done");
    assert.equal(await page.locator('article[data-message-role="assistant"]').count(), 2);

    const log = await env.requests();
    const body = log.at(-1).body;
    assert.equal(log.at(-1).authorization.present, true);
    assert.equal(log.at(-1).authorization.scheme, "Bearer");
    assert.equal(body.stream, true);
    assert.equal(body.stream_options?.include_usage, true);
    assert.equal(body.reasoning_split, true);
    assert.equal(typeof body.max_completion_tokens, "number");
    assert.ok(body.max_completion_tokens > 0);
    assert.equal(typeof body.temperature, "number");
    assert.ok(body.temperature > 0 && body.temperature <= 2);
    assert.equal(typeof body.top_p, "number");
    assert.ok(body.top_p > 0 && body.top_p <= 1);
    assert.equal(body.model, "MiniMax-M3");

    const msgs = body.messages.filter((m) => m.role !== "system");
    assert.deepEqual(
      msgs.map((m) => m.role),
      ["user", "assistant", "user"],
    );
    const [, asst] = msgs;
    assert.ok(Array.isArray(asst.reasoning_details), "reasoning_details sent back");
    assert.equal(asst.reasoning_details[0].text, THINKING);
    assert.equal(asst.content, ANSWER_MD, "the answer is sent back as markdown, without thinking");
    assert.ok(!String(asst.content).includes("<think>"));
    assertNoPageErrors(page);
  });

  it("per-chat settings are sent: system prompt, temperature, top P, max tokens, thinking off", async () => {
    const page = await env.page();
    await configure(page);
    await page.getByRole("button", { name: "Settings" }).click();
    // As a person would: each field is left (blurred) before the next.
    await page.getByLabel("Thinking").selectOption({ label: "Off" });
    await page.getByLabel("System prompt").fill("You are terse.");
    await page.getByLabel("Temperature").fill("0.7");
    await page.getByLabel("Top P").fill("0.8");
    await page.getByLabel("Max output tokens").fill("4096");
    await page.getByLabel("Max output tokens").press("Tab");
    await page.getByRole("button", { name: "Close" }).click();
    await send(page, "Settings check scenario:basic");
    await waitSettled(page);
    const body = (await env.requests()).at(-1).body;
    assert.deepEqual(body.messages[0], { role: "system", content: "You are terse." });
    assert.equal(body.temperature, 0.7);
    assert.equal(body.top_p, 0.8);
    assert.equal(body.max_completion_tokens, 4096);
    assert.deepEqual(body.thinking, { type: "disabled" });
    assertNoPageErrors(page);
  });

  it("a New chat starts from the defaults, not the last chat's system prompt or parameters", async () => {
    const page = await env.page();
    await configure(page);
    await page.getByRole("button", { name: "Settings" }).click();
    await page.getByLabel("System prompt").fill("Answer in French.");
    await page.getByLabel("Temperature").fill("0.3");
    await page.getByLabel("Temperature").press("Tab");
    await page.getByRole("button", { name: "Close" }).click();
    await send(page, "First chat scenario:basic");
    await waitSettled(page);
    await page.getByRole("button", { name: "New chat" }).click();
    await page.getByRole("button", { name: "Settings" }).click();
    assert.equal(await page.getByLabel("System prompt").inputValue(), "");
    assert.equal(await page.getByLabel("Temperature").inputValue(), "1");
    await page.getByRole("button", { name: "Close" }).click();
    await env.resetRequests();
    await send(page, "Second chat scenario:basic");
    await waitSettled(page);
    const body = (await env.requests()).at(-1).body;
    assert.equal(body.messages[0].role, "user", "no system prompt carried over");
    assert.equal(body.temperature, 1);
    assertNoPageErrors(page);
  });

  it("an out-of-range number is refused next to its field, not silently changed", async () => {
    const page = await env.page();
    await configure(page);
    await page.getByRole("button", { name: "Settings" }).click();
    await page.getByLabel("Temperature").fill("9");
    await page.getByLabel("Temperature").press("Tab");
    const error = page.getByRole("alert").filter({ hasText: "Temperature must be between 0.01 and 1" });
    await assert.doesNotReject(error.waitFor());
    assert.equal(await page.getByLabel("Temperature").getAttribute("aria-invalid"), "true");
    await shot(page, "settings-range-error");
    await page.getByLabel("Temperature").fill("0.5");
    await page.getByLabel("Temperature").press("Tab");
    await error.waitFor({ state: "hidden" });
    await page.getByRole("button", { name: "Close" }).click();
    await send(page, "Range check scenario:basic");
    await waitSettled(page);
    assert.equal((await env.requests()).at(-1).body.temperature, 0.5);
    assertNoPageErrors(page);
  });

  it("Regenerate replaces the latest reply with a new answer", async () => {
    const page = await env.page();
    await configure(page);
    await send(page, "Regenerate me scenario:basic");
    assert.equal(await waitSettled(page), "done");
    await env.resetRequests();
    await lastReply(page).getByRole("button", { name: "Regenerate" }).click();
    await lastReply(page).waitFor({ timeout: 8000 }).catch(() => {});
    assertNoPageErrors(page);
    assert.equal(await waitSettled(page, 8000), "done");
    assert.equal(await page.locator('article[data-message-role="assistant"]').count(), 1);
    assert.equal(await page.locator('article[data-message-role="user"]').count(), 1);
    const body = (await env.requests()).at(-1).body;
    assert.deepEqual(
      body.messages.filter((m) => m.role !== "system").map((m) => m.role),
      ["user"],
      "regenerate resends the question without the old answer",
    );
    assertNoPageErrors(page);
  });
});
