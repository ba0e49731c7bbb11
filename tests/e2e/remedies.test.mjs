// Errors with a way out: each MiniMax error keeps its sentence and offers,
// in its alert, the one action that fixes it.
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { useEnv, configure, send, lastReply, waitSettled, partText, shot, assertNoPageErrors } from "./harness.mjs";

/** Send `text`, wait for the error; returns the reply's alert. */
async function failWith(page, text) {
  await send(page, text);
  assert.equal(await waitSettled(page), "error");
  const alert = lastReply(page).getByRole("alert");
  await alert.waitFor();
  return alert;
}

describe("errors with a way out", () => {
  const env = useEnv({ before, after, afterEach });

  it("a key refused by one region offers the other region's preset, and works there", async () => {
    const page = await env.page();
    await configure(page, { baseUrl: "./api/minimax/v1" });
    const alert = await failWith(page, "Hello scenario:wrong-region");
    assert.match(await alert.innerText(), /API key was refused/);
    const fix = alert.getByRole("button", { name: "Use Local proxy (China) and retry" });
    await fix.waitFor();
    await shot(page, "error-action-region");
    await env.resetRequests();
    await fix.click();
    assert.equal(await waitSettled(page), "done");
    assert.equal(await page.locator('article[data-message-role="assistant"]').count(), 1, "the failure was replaced");
    const [request] = await env.requests();
    assert.ok(request.path.startsWith("/api/minimax-cn/v1/"), request.path);
    await page.getByRole("button", { name: "Settings" }).click();
    assert.equal(await page.getByLabel("Base URL").inputValue(), "./api/minimax-cn/v1");
    assertNoPageErrors(page);
  });

  it("1008 says balance or plan window and links to the account page", async () => {
    const page = await env.page();
    await configure(page);
    let alert = await failWith(page, "Hi scenario:err-402");
    assert.match(await alert.innerText(), /^The account has insufficient balance/);
    let link = alert.getByRole("link", { name: "Open your MiniMax account" });
    assert.equal(await link.getAttribute("href"), "https://platform.minimax.io/");
    assert.equal(await link.getAttribute("target"), "_blank");
    assert.match(await link.getAttribute("rel"), /noopener/);
    alert = await failWith(page, "Hi again scenario:err-1008-plan");
    assert.match(await alert.innerText(), /^The Token Plan’s usage window is used up .*It refills when the window resets/s);
    assert.equal(await alert.getByText(/Retrying in/).count(), 0, "1008 as a 429 is not retried");
    link = alert.getByRole("link", { name: "Open your MiniMax account" });
    await link.waitFor();
    await shot(page, "error-action-plan");
    assertNoPageErrors(page);
  });

  it("429 retries after Retry-After with a visible countdown", async () => {
    const page = await env.page();
    await configure(page);
    await env.resetRequests();
    const alert = await failWith(page, `Busy ${Date.now()} scenario:rate-limit-once`);
    await alert.getByText(/^Retrying in [12] s\.$/).waitFor();
    assert.ok(await alert.getByRole("button", { name: "Cancel retry" }).isVisible());
    await shot(page, "error-action-retry");
    // The retry goes by itself after 2 s and is answered this time.
    await page.waitForFunction(() => document.querySelectorAll('article[data-message-role="assistant"][data-status="done"]').length === 1, null, { timeout: 10000 });
    assert.equal(await page.locator('article[data-message-role="assistant"]').count(), 1);
    assert.equal((await partText(lastReply(page), "answer")).trim().length > 0, true);
    assert.equal((await env.requests()).length, 2);
    assertNoPageErrors(page);
  });

  it("a waiting retry can be cancelled, and Retry sends at once", async () => {
    const page = await env.page();
    await configure(page);
    await env.resetRequests();
    const alert = await failWith(page, `Busy ${Date.now()} scenario:rate-limit-once`);
    await alert.getByRole("button", { name: "Cancel retry" }).click();
    const retry = alert.getByRole("button", { name: "Retry", exact: true });
    await retry.waitFor();
    assert.equal(await alert.getByText(/Retrying in/).count(), 0);
    await page.waitForTimeout(2500);
    assert.equal((await env.requests()).length, 1, "nothing went by itself");
    await retry.click();
    assert.equal(await waitSettled(page), "done");
    assertNoPageErrors(page);
  });

  it("a refused setting is named and reset", async () => {
    const page = await env.page();
    await configure(page);
    await page.getByRole("button", { name: "Settings" }).click();
    await page.getByLabel("Temperature").fill("0.2");
    await page.getByLabel("Temperature").press("Tab");
    await page.getByRole("button", { name: "Close" }).click();
    const alert = await failWith(page, "Hi scenario:bad-temperature");
    assert.match(await alert.innerText(), /The setting refused is Temperature\./);
    await alert.getByRole("button", { name: "Reset Temperature and retry" }).click();
    assert.equal(await waitSettled(page), "done");
    await page.getByRole("button", { name: "Settings" }).click();
    assert.equal(await page.getByLabel("Temperature").inputValue(), "1");
    assertNoPageErrors(page);
  });

  it("a context too long (2013) offers the summary and the recent turns", async () => {
    const page = await env.page();
    await configure(page);
    const alert = await failWith(page, "Long scenario:err-context");
    assert.match(await alert.innerText(), /too long for the model/);
    assert.ok(await alert.getByRole("button", { name: "New chat with a summary" }).isVisible());
    assert.ok(await alert.getByRole("button", { name: "New chat with recent turns" }).isVisible());
    await alert.getByRole("button", { name: "New chat with a summary" }).click();
    const dialog = page.getByRole("dialog", { name: "Summary for a new chat" });
    await dialog.waitFor();
    // A trial click waits until the button is enabled: the summary is in.
    await dialog.getByRole("button", { name: "Start the new chat" }).click({ trial: true });
    await dialog.getByRole("button", { name: "Start the new chat" }).click();
    // The question that failed is asked again in the new chat, after the summary.
    await page.locator('article[data-message-role="user"]').nth(1).waitFor();
    assert.match(await page.locator('article[data-message-role="user"] .bubble').nth(1).innerText(), /^Long scenario:err-context/);
    await waitSettled(page);
    assertNoPageErrors(page);
  });

  it("a key refused by an endpoint that is not MiniMax's opens Settings", async () => {
    const page = await env.page();
    await configure(page, { key: "bad-key" });
    const alert = await failWith(page, "Hi scenario:basic");
    await alert.getByRole("button", { name: "Open Settings" }).click();
    await page.getByRole("dialog", { name: "Settings" }).waitFor();
    assertNoPageErrors(page);
  });
});
