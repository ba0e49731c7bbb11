// What a reply costs and how much of the context window the chat takes:
// the usage line, the chat's and the month's totals, the context meter
// from a usage chunk, its warning, and the two ways on from a chat grown
// too long (a new chat with a summary, or with the recent turns).
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { useEnv, configure, send, lastReply, waitSettled, partText, shot, assertNoPageErrors } from "./harness.mjs";

/** The context meter and its ARIA numbers. */
async function meter(page) {
  const m = page.getByRole("meter", { name: "Context used" });
  await m.waitFor();
  return {
    now: Number(await m.getAttribute("aria-valuenow")),
    max: Number(await m.getAttribute("aria-valuemax")),
    text: await m.getAttribute("aria-valuetext"),
  };
}

/** Set the Context window field in Settings. */
async function setWindow(page, tokens) {
  await page.getByRole("button", { name: "Settings" }).click();
  const field = page.getByLabel("Context window (tokens)");
  await field.fill(String(tokens));
  await field.press("Tab");
  await page.getByRole("button", { name: "Close" }).click();
}

describe("cost and context", () => {
  const env = useEnv({ before, after, afterEach });

  it("a reply shows its cost, speed and first token; the chat and the month add up", async () => {
    const page = await env.page();
    await configure(page);
    await send(page, "What does this cost? scenario:usage");
    assert.equal(await waitSettled(page), "done");
    const usage = await partText(lastReply(page), "usage");
    // 769 in (443 cached) and 116 out at M3's $0.60 / $0.06 / $2.40 per 1M: $0.0005.
    assert.match(usage, /769 in · 116 out \(37 thinking\)/);
    assert.match(usage, /\$0\.0005/);
    assert.match(usage, /\d+\.\d tokens\/s/);
    assert.match(usage, /first token \d+\.\d s/);
    const spending = page.locator(".spending");
    assert.equal(await spending.innerText(), "This chat $0.0005 · This month $0.0005");
    await send(page, "Again scenario:usage");
    await waitSettled(page);
    await page.waitForFunction(() => document.querySelector(".spending")?.textContent.includes("$0.0010"));
    await shot(page, "cost-reply");
    assertNoPageErrors(page);
  });

  it("a model with no known price shows tokens and no cost", async () => {
    const page = await env.page();
    await configure(page);
    await page.getByRole("button", { name: "Settings" }).click();
    // A model the catalogue lacks, as a custom endpoint's list would bring.
    await page.route("**/custom/v1/models", (r) =>
      r.fulfill({ contentType: "application/json", body: JSON.stringify({ data: [{ id: "local-7b" }] }) }),
    );
    await page.getByLabel("Base URL").fill(`${env.mock.url}/custom/v1`);
    await page.getByLabel("Base URL").press("Tab");
    await page.locator('#model option[value="local-7b"]').waitFor({ state: "attached" });
    await page.getByLabel("Model").selectOption("local-7b");
    assert.match(await page.locator(".settings").innerText(), /No price is known for this model/);
    await page.getByRole("button", { name: "Close" }).click();
    await env.resetRequests();
    await send(page, "Hello scenario:usage");
    assert.equal(await waitSettled(page), "done");
    const usage = await partText(lastReply(page), "usage");
    assert.match(usage, /^local-7b · 769 in · 116 out/);
    assert.ok(!usage.includes("$"), `no cost: ${usage}`);
    // Not a MiniMax endpoint: no MiniMax-only fields were sent.
    const body = (await env.requests()).at(-1).body;
    assert.equal(body.model, "local-7b");
    assert.equal(body.reasoning_split, undefined);
    assert.equal(body.thinking, undefined);
    assert.equal(await page.getByRole("meter", { name: "Context used" }).count(), 0, "no window known: no meter");
    assertNoPageErrors(page);
  });

  it("the meter counts the usage chunk and what is typed, and warns from 80%", async () => {
    const page = await env.page();
    await configure(page, { model: "MiniMax-M2.7" });
    let m = await meter(page);
    assert.equal(m.max, 204800);
    assert.equal(m.now, 0);
    await send(page, "Big chat scenario:near-limit");
    assert.equal(await waitSettled(page), "done");
    await page.waitForFunction(() => document.querySelector('[role="meter"]')?.getAttribute("aria-valuenow") === "171000");
    m = await meter(page);
    assert.equal(m.text, "171,000 of 204,800 tokens (83%)");
    const warning = page.locator(".context-warning");
    await warning.getByText("This chat takes 83% of MiniMax-M2.7’s context window.").waitFor();
    assert.ok(await warning.getByRole("button", { name: "New chat with a summary" }).isVisible());
    assert.ok(await warning.getByRole("button", { name: "New chat with recent turns" }).isVisible());
    // What is typed counts before it is sent: 400 characters ≈ 100 tokens + 4.
    await page.getByRole("textbox", { name: "Message" }).fill("x".repeat(400));
    await page.waitForFunction(() => document.querySelector('[role="meter"]')?.getAttribute("aria-valuenow") === "171104");
    await shot(page, "context-near-limit");
    // A bigger window in Settings: no warning.
    await page.getByRole("textbox", { name: "Message" }).fill("");
    await setWindow(page, 1000000);
    m = await meter(page);
    assert.equal(m.max, 1000000);
    await warning.waitFor({ state: "hidden" });
    assertNoPageErrors(page);
  });

  it("a message that cannot fit is not sent; a summary carries the chat to a new one", async () => {
    const page = await env.page();
    await configure(page, { model: "MiniMax-M2.7" });
    await send(page, "Plan a long trip scenario:near-limit");
    await waitSettled(page);
    await setWindow(page, 172000);
    await env.resetRequests();
    const box = page.getByRole("textbox", { name: "Message" });
    await box.fill("y".repeat(8000));
    await box.press("Enter");
    const alert = page.locator(".composer-error");
    await alert.waitFor();
    assert.match(await alert.innerText(), /more than MiniMax-M2\.7’s context window of 172,000/);
    assert.equal((await env.requests()).length, 0, "nothing was sent");
    assert.equal(await box.inputValue(), "y".repeat(8000), "the draft stays");
    assert.equal(await page.locator("article[data-message-role]").count(), 2);

    await page.locator(".context-warning").getByRole("button", { name: "New chat with a summary" }).click();
    const dialog = page.getByRole("dialog", { name: "Summary for a new chat" });
    await dialog.waitFor();
    const text = dialog.getByLabel("Summary");
    const start = dialog.getByRole("button", { name: "Start the new chat" });
    // A trial click waits until the button is enabled: the summary is in.
    await dialog.getByRole("button", { name: "Start the new chat" }).click({ trial: true });
    const summary = await text.inputValue();
    assert.ok(summary.length > 20, `a summary arrived: ${summary}`);
    const request = (await env.requests()).at(-1).body;
    assert.match(request.messages.at(-1).content, /^Summarize our conversation/);
    await text.fill(summary + "\nEdited by me.");
    await start.click();
    await dialog.waitFor({ state: "hidden" });
    const first = page.locator('article[data-message-role="user"] .bubble').first();
    await first.waitFor();
    assert.match(await first.innerText(), /^Summary of the earlier chat “Plan a long trip scenario:near-limit”/);
    assert.match(await first.innerText(), /Edited by me\.$/);
    assert.equal(await page.locator("article[data-message-role]").count(), 1, "nothing sent yet");
    assert.equal(await page.locator(".chat-title").innerText(), "Plan a long trip scenario:near-limit (continued)");
    await page.getByRole("button", { name: "Plan a long trip scenario:near-limit", exact: true }).waitFor();
    assertNoPageErrors(page);
  });

  it("closing the summary drops it; the chat is as it was", async () => {
    const page = await env.page();
    await configure(page, { model: "MiniMax-M2.7" });
    await send(page, "Talk scenario:near-limit");
    await waitSettled(page);
    await page.locator(".context-warning").getByRole("button", { name: "New chat with a summary" }).click();
    const dialog = page.getByRole("dialog", { name: "Summary for a new chat" });
    await dialog.waitFor();
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("button", { name: "Send" }).waitFor();
    assert.equal(await page.locator("article[data-message-role]").count(), 2);
    assertNoPageErrors(page);
  });

  it("leaving out older turns starts a new chat with the recent ones and says so", async () => {
    const page = await env.page();
    await configure(page, { model: "MiniMax-M2.7" });
    for (const n of [1, 2, 3]) {
      await send(page, `Turn ${n} scenario:near-limit`);
      await waitSettled(page);
    }
    await page.locator(".context-warning").getByRole("button", { name: "New chat with recent turns" }).click();
    const notice = page.getByRole("status").filter({ hasText: /carries on from/ });
    await notice.waitFor();
    assert.match(await notice.innerText(), /last 2 of 6 messages; the 4 older ones are left out here/);
    const users = page.locator('article[data-message-role="user"]');
    assert.equal(await users.count(), 1);
    assert.match(await users.first().locator(".bubble").innerText(), /^Turn 3/);
    assertNoPageErrors(page);
  });
});
