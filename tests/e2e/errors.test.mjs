// Errors: every HTTP and in-stream error the API can give, a CORS/network
// failure, and a missing key. Each must leave the user's message in place and
// say in a sentence what happened.
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
  assertNoPageErrors,
} from "./harness.mjs";

/** A sentence: several words with letters, not a bare code or an HTML page. */
function assertSentence(text, what) {
  const t = (text || "").trim();
  assert.ok(t.length >= 12, `${what}: alert text too short: ${JSON.stringify(t)}`);
  assert.match(t, /[A-Za-z]{2,}\s+[A-Za-z]{2,}/, `${what}: alert is not a sentence: ${JSON.stringify(t)}`);
  assert.ok(!/^\s*[{<]/.test(t), `${what}: alert shows a raw body: ${JSON.stringify(t)}`);
}

/** Send `text`, wait for the reply to settle as an error; return the pieces. */
async function expectErrorReply(page, text, what) {
  await send(page, text);
  const status = await waitSettled(page);
  const reply = lastReply(page);
  assert.equal(status, "error", `${what}: data-status`);
  const alert = reply.getByRole("alert");
  assert.ok((await alert.count()) >= 1, `${what}: a role=alert inside the assistant article`);
  const alertText = await alert.first().innerText();
  assertSentence(alertText, what);
  assert.ok(await alert.first().isVisible(), `${what}: alert visible`);
  // The user's message is still there, and can be sent again.
  const user = page.locator('article[data-message-role="user"]').last();
  assert.ok((await user.innerText()).includes(text), `${what}: the user's message is still shown`);
  await page.getByRole("button", { name: "Send" }).waitFor();
  return { reply, alertText };
}

describe("errors", () => {
  const env = useEnv({ before, after, afterEach });

  const cases = [
    ["err-400", /unknown model|invalid|request|parameter/i],
    ["err-401", /key/i],
    ["err-402", /balance|credit|top.?up|funds|billing/i],
    ["err-429", /\b20\s?(s|sec|secs|seconds)\b/i],
    ["err-500", /server|error|try again|retry/i],
    ["err-529", /overload|busy|load|capacity/i],
    ["err-base-resp", /key|auth|login/i],
    ["err-base-resp-stream", /rate|limit|too many/i],
  ];
  for (const [name, mentions] of cases) {
    it(`${name}: error status, alert with a sentence, message kept`, async () => {
      const page = await env.page();
      await configure(page);
      const { alertText } = await expectErrorReply(page, `Try this scenario:${name}`, name);
      assert.match(alertText, mentions, `${name}: alert mentions ${mentions}`);
      if (["err-401", "err-429", "err-529"].includes(name)) await shot(page, `error-${name}`);
      assertNoPageErrors(page);
    });
  }

  it("err-html: shows the status, not the HTML page", async () => {
    const page = await env.page();
    await configure(page);
    const { reply, alertText } = await expectErrorReply(page, "Proxy page scenario:err-html", "err-html");
    assert.ok(alertText.includes("502"), `mentions 502: ${JSON.stringify(alertText)}`);
    assert.ok(!alertText.includes("<"), `no markup in the alert: ${JSON.stringify(alertText)}`);
    assert.ok(!alertText.includes("alert(1)"), "no script text in the alert");
    const whole = await reply.innerText();
    assert.ok(!whole.includes("alert(1)") && !whole.includes("<html"), "no HTML anywhere in the reply");
    assert.equal(await reply.locator("script, h1").count(), 0);
    await shot(page, "error-err-html");
    assertNoPageErrors(page);
  });

  it("err-midstream: the partial answer is kept and an alert shows", async () => {
    const page = await env.page();
    await configure(page);
    const { reply, alertText } = await expectErrorReply(page, "Start then fail scenario:err-midstream", "err-midstream");
    assert.equal(await partText(reply, "thinking"), "Answering until the server fails.");
    assert.equal((await partText(reply, "answer"))?.trim(), "Here is the start of an answer that");
    assert.match(alertText, /internal|server|error/i);
    await shot(page, "error-err-midstream");
    assertNoPageErrors(page);
  });

  it("CORS / network failure: the alert says CORS or proxy", async () => {
    const page = await env.page();
    const port = new URL(env.mock.url).port;
    // The page is on 127.0.0.1; localhost is another origin, and /nocors/
    // answers without CORS headers, preflight included.
    assert.equal(new URL(page.url()).hostname, "127.0.0.1");
    await configure(page, { baseUrl: `http://localhost:${port}/nocors/v1` });
    const { alertText } = await expectErrorReply(page, "Cross origin scenario:basic", "cors");
    assert.match(alertText, /CORS|proxy/i);
    assert.ok(page.requests.some((u) => u.startsWith(`http://localhost:${port}/nocors/v1/chat/completions`)), "it did try");
    await shot(page, "error-cors");
    assertNoPageErrors(page);
  });

  it("no-cors scenario (preflight passes, answer blocked): the alert says CORS or proxy", async () => {
    const page = await env.page();
    const port = new URL(env.mock.url).port;
    await configure(page, { baseUrl: `http://localhost:${port}/v1` });
    const { alertText } = await expectErrorReply(page, "Blocked answer scenario:no-cors", "no-cors");
    assert.match(alertText, /CORS|proxy/i);
    assertNoPageErrors(page);
  });

  it("no API key with MiniMax Global: alert in the composer, text kept, nothing sent", async () => {
    const page = await env.page();
    await page.getByRole("button", { name: "Settings" }).click();
    await page.getByLabel("API key").fill("");
    await page.getByRole("button", { name: "MiniMax Global" }).click();
    assert.equal(await page.getByLabel("Base URL").inputValue(), "https://api.minimax.io/v1");
    await page.getByRole("button", { name: "Close" }).click();
    await send(page, "Hello without a key");
    const alert = page.getByRole("alert");
    await alert.first().waitFor();
    assert.equal(
      await alert.first().evaluate((a) => a.closest("article") === null && a.closest("form") !== null),
      true,
      "the alert is in the composer, not in a message",
    );
    assertSentence(await alert.first().innerText(), "no key");
    assert.match(await alert.first().innerText(), /key/i);
    assert.equal(await page.getByRole("textbox", { name: "Message" }).inputValue(), "Hello without a key");
    assert.equal(await page.locator("article[data-message-role]").count(), 0, "nothing was added to the chat");
    assert.ok(!page.requests.some((u) => u.includes("minimax.io")), "no request to MiniMax");
    await shot(page, "error-no-key");
    assertNoPageErrors(page);
  });

  it("Local demo preset works with no key", async () => {
    const page = await env.page();
    await page.getByRole("button", { name: "Settings" }).click();
    await page.getByLabel("API key").fill("");
    await page.getByRole("button", { name: "Local demo" }).click();
    assert.equal(await page.getByLabel("Base URL").inputValue(), "./api/demo/v1");
    await page.getByRole("button", { name: "Close" }).click();
    await send(page, "Hello demo");
    assert.equal(await waitSettled(page), "done");
    const reply = lastReply(page);
    assert.ok((await partText(reply, "answer")).includes("Hello from the mock server"));
    assert.ok((await partText(reply, "thinking")).includes("Hello demo"));
    assert.equal(await page.getByRole("alert").count(), 0);
    const log = await env.requests();
    assert.equal(log.at(-1).path, "/api/demo/v1/chat/completions");
    assertNoPageErrors(page);
  });
});
