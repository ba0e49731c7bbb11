// Share as one file: Export → HTML gives one self-contained .html page of
// the chat that Chromium shows with JavaScript switched off: the answer
// formatted (code highlighted, a table), the thinking in a <details>, the
// model and date, attached images inline, no script and a policy that
// forbids any, and never the API key.
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { useEnv, configure, send, waitSettled, shots, assertNoPageErrors } from "./harness.mjs";
import { join } from "node:path";

const KEY = "sk-share-test-key-never-in-files";

async function exportHtml(page, scope = "This chat") {
  await page.getByRole("button", { name: "Export", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Export chats" });
  await dialog.getByLabel(scope).check();
  await dialog.getByLabel(/^HTML/).check();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    dialog.getByRole("button", { name: "Download" }).click(),
  ]);
  return { name: download.suggestedFilename(), path: await download.path() };
}

describe("share as one HTML file", () => {
  const env = useEnv({ before, after, afterEach });

  it("the HTML file opens with JavaScript off and shows the chat, formatted, with no script", async () => {
    const page = await env.page();
    await configure(page, { key: KEY });
    // A small picture, so the page carries an image too.
    const png = await page.evaluate(() => {
      const c = document.createElement("canvas");
      c.width = 60;
      c.height = 40;
      const x = c.getContext("2d");
      x.fillStyle = "#2a7";
      x.fillRect(0, 0, 60, 40);
      return c.toDataURL("image/png").split(",")[1];
    });
    await page.getByLabel("Attach image").setInputFiles({ name: "p.png", mimeType: "image/png", buffer: Buffer.from(png, "base64") });
    await page.getByRole("img", { name: "Attached image 1" }).waitFor();
    await send(page, "Show me <b>everything</b> scenario:showcase");
    assert.equal(await waitSettled(page), "done");

    const file = await exportHtml(page);
    assert.match(file.name, /^minimax-chat-\d{4}-\d{2}-\d{2}\.html$/);
    const text = readFileSync(file.path, "utf8");
    assert.ok(!text.includes(KEY), "the API key is never in it");
    assert.ok(!/<script/i.test(text), "no script element");
    assert.match(text, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';[^"]*">/);

    // Opened as a file (named as saved, so the browser reads it as HTML),
    // with JavaScript off.
    const saved = join(mkdtempSync(join(tmpdir(), "mmchat-share-")), file.name);
    writeFileSync(saved, text);
    const ctx = await env.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1000, height: 900 } });
    env.contexts.push(ctx);
    const view = await ctx.newPage();
    const blocked = [];
    view.on("request", (r) => {
      if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) blocked.push(r.url());
    });
    await view.goto(`file://${saved}`);
    assert.equal(await view.title(), "Show me <b>everything</b> scenario:showcase");
    assert.equal(await view.locator("h1").innerText(), "Show me <b>everything</b> scenario:showcase");
    assert.match(await view.locator(".about").innerText(), /^MiniMax-M3 · \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    assert.equal(await view.locator("script").count(), 0);
    // The user's words as text, their picture inline.
    assert.match(await view.locator("section.user .text").innerText(), /Show me <b>everything<\/b>/);
    assert.match(await view.locator("section.user img").getAttribute("src"), /^data:image\/jpeg;base64,/);
    assert.ok(await view.locator("section.user img").evaluate((img) => img.complete && img.naturalWidth === 60));
    // The thinking, folded in a <details>; the answer formatted.
    const details = view.locator("section.assistant details");
    assert.match(await details.locator("summary").innerText(), /^Thought for \d+ s$/);
    assert.equal(await details.getAttribute("open"), null);
    assert.match(await details.locator(".thinking").textContent(), /The user wants to see code, a table and some math/);
    const answer = view.locator("section.assistant .markdown");
    assert.equal(await answer.locator("h2").first().innerText(), "Reading a file in Rust");
    assert.equal(await answer.locator(".code-lang").first().innerText(), "rust");
    const keyword = answer.locator("pre .tok-kw").first();
    assert.equal(await keyword.innerText(), "use");
    // Highlighted by the inlined stylesheet, not in the text colour.
    const [kwColor, textColor] = await keyword.evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el.closest(".markdown")).color]);
    assert.notEqual(kwColor, textColor);
    assert.equal(await answer.locator("table tr").count(), 3);
    assert.match(await view.locator("section.assistant h2.turn").innerText(), /^MiniMax-M3/);
    await view.screenshot({ path: join(shots, "share-html-file.png"), fullPage: false });
    assert.deepEqual(blocked, [], "the page loads nothing from anywhere");
    assertNoPageErrors(page);
  });

  it("all chats go into one page, and without the renderer module HTML says why", async () => {
    const page = await env.page();
    await configure(page, { key: KEY });
    await send(page, "First of two scenario:basic");
    assert.equal(await waitSettled(page), "done");
    await page.getByRole("button", { name: "New chat" }).click();
    await send(page, "Second of two scenario:basic");
    assert.equal(await waitSettled(page), "done");
    const file = await exportHtml(page, "All chats");
    const text = readFileSync(file.path, "utf8");
    assert.equal(text.match(/<article class="chat">/g).length, 2);
    assert.ok(text.includes("First of two") && text.includes("Second of two"));

    // The renderer module never arrives in this page: HTML cannot be made.
    const bare = await env.page();
    await bare.route(/renderer-[0-9a-f]+\//, (route) => route.abort());
    await bare.reload();
    await bare.getByRole("textbox", { name: "Message" }).waitFor({ timeout: 15000 });
    await configure(bare, { key: KEY });
    await send(bare, "Plain only scenario:basic");
    assert.equal(await waitSettled(bare), "done");
    await bare.getByRole("button", { name: "Export", exact: true }).click();
    const dialog = bare.getByRole("dialog", { name: "Export chats" });
    await dialog.getByLabel(/^HTML/).check();
    await dialog.getByRole("button", { name: "Download" }).click();
    await dialog.getByRole("alert").filter({ hasText: /renderer module has not loaded/ }).waitFor();
    assertNoPageErrors(page);
  });
});
