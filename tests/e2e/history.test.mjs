// History and storage faults, as a user meets them: rename, delete and undo,
// search, export and import, the storage meter, a full storage, two tabs,
// and a reload in the middle of a reply.
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  useEnv,
  configure,
  send,
  lastReply,
  waitSettled,
  partText,
  reloadApp,
  shot,
  assertNoPageErrors,
} from "./harness.mjs";

const KEY = "test-key-not-secret";

function list(page) {
  return page.getByRole("navigation", { name: "Conversations" });
}

function row(page, title) {
  return list(page).getByRole("listitem").filter({ has: page.getByRole("button", { name: title }) });
}

async function chat(page, text) {
  await send(page, text);
  assert.equal(await waitSettled(page), "done");
}

async function exportFile(page, { scope = "All chats", format = /^JSON/, thinking } = {}) {
  await page.getByRole("button", { name: "Export", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Export chats" });
  await dialog.getByLabel(scope).check();
  await dialog.getByLabel(format).check();
  if (thinking !== undefined) await dialog.getByLabel("Include thinking").setChecked(thinking);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    dialog.getByRole("button", { name: "Download" }).click(),
  ]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(path, "utf8") };
}

describe("history", () => {
  const env = useEnv({ before, after, afterEach });

  it("rename, delete with undo, and search over titles and message text", async () => {
    const page = await env.page();
    await configure(page, { key: KEY });
    await chat(page, "Alpha chat about rivers scenario:basic");
    await page.getByRole("button", { name: "New chat" }).click();
    await chat(page, "Beta chat about mountains scenario:inline-think");

    // Newest first.
    const titles = await list(page).getByRole("button", { name: /chat about/ }).allInnerTexts();
    assert.match(titles[0], /^Beta/);
    assert.match(titles[1], /^Alpha/);

    // Rename Alpha.
    await row(page, /^Alpha chat/).getByRole("button", { name: "Rename" }).click();
    const field = page.getByRole("textbox", { name: "Chat title" });
    await field.fill("Rivers, renamed");
    await field.press("Enter");
    await list(page).getByRole("button", { name: "Rivers, renamed" }).waitFor();
    await reloadApp(page);
    await list(page).getByRole("button", { name: "Rivers, renamed" }).waitFor();

    // Search: by title, and by text only in a reply ("How can I help" is in basic's answer).
    const search = page.getByRole("searchbox", { name: "Search chats" });
    await search.fill("mountains");
    await list(page).getByRole("button", { name: /^Beta chat/ }).waitFor();
    assert.equal(await list(page).getByRole("button", { name: /Rivers/ }).count(), 0);
    await search.fill("how can i HELP");
    await list(page).getByRole("button", { name: /Rivers, renamed/ }).waitFor();
    assert.equal(await list(page).getByRole("button", { name: /^Beta chat/ }).count(), 0);
    await shot(page, "history-search");
    await search.fill("no such words anywhere");
    await page.getByText("No chat matches your search.").waitFor();
    await search.fill("");

    // Delete Beta (the open chat), then undo.
    await row(page, /^Beta chat/).getByRole("button", { name: "Delete" }).click();
    assert.equal(await list(page).getByRole("button", { name: /^Beta chat/ }).count(), 0);
    await page.getByRole("button", { name: "Undo" }).click();
    await list(page).getByRole("button", { name: /^Beta chat/ }).waitFor();
    await reloadApp(page);
    await list(page).getByRole("button", { name: /^Beta chat/ }).waitFor();

    // Delete for good survives a reload.
    await row(page, /^Beta chat/).getByRole("button", { name: "Delete" }).click();
    await reloadApp(page);
    await list(page).getByRole("button", { name: "Rivers, renamed" }).waitFor();
    assert.equal(await list(page).getByRole("button", { name: /^Beta chat/ }).count(), 0);
    assertNoPageErrors(page);
  });

  it("export JSON and Markdown, import into a fresh browser, import twice without duplicates", async () => {
    const page = await env.page();
    await configure(page, { key: KEY });
    await chat(page, "Export me please scenario:basic");
    await page.getByRole("button", { name: "New chat" }).click();
    await chat(page, "And me too scenario:inline-think");

    const json = await exportFile(page);
    assert.match(json.name, /\.json$/);
    assert.ok(!json.text.includes(KEY), "the API key is never exported");
    const doc = JSON.parse(json.text);
    assert.ok(JSON.stringify(doc).includes("The user wants a greeting"), "thinking is exported");

    const md = await exportFile(page, { scope: "This chat", format: /^Markdown/, thinking: false });
    assert.match(md.name, /\.md$/);
    assert.ok(md.text.includes("And me too"));
    assert.ok(!md.text.includes("Export me please"), "only this chat");
    assert.ok(!md.text.includes(KEY));

    // A fresh browser profile imports the JSON.
    const other = await env.page();
    const dir = mkdtempSync(join(tmpdir(), "mmchat-import-"));
    const file = join(dir, "chats.json");
    writeFileSync(file, json.text);
    await other.getByLabel("Import file").setInputFiles(file);
    await other.getByRole("status").filter({ hasText: /Imported/ }).waitFor();
    await list(other).getByRole("button", { name: /^Export me please/ }).click();
    const reply = lastReply(other);
    assert.equal(await partText(reply, "thinking"), "The user wants a greeting. I will keep it short.");
    assert.match(await partText(reply, "answer"), /How can I help/);

    // Importing the same file again adds nothing.
    await other.getByLabel("Import file").setInputFiles(file);
    await other.getByRole("status").filter({ hasText: /already/ }).waitFor();
    assert.equal(await list(other).getByRole("button", { name: /^Export me please/ }).count(), 1);
    assert.equal(await list(other).getByRole("button", { name: /^And me too/ }).count(), 1);

    // A bad file says so and changes nothing.
    const bad = join(dir, "bad.json");
    writeFileSync(bad, "{ this is not json");
    await other.getByLabel("Import file").setInputFiles(bad);
    await other.getByRole("alert").filter({ hasText: /Nothing was changed/ }).waitFor();
    await shot(other, "history-import-error");
    assert.equal(await list(other).getByRole("button", { name: /^Export me please/ }).count(), 1);
    assertNoPageErrors(page);
    assertNoPageErrors(other);
  });

  it("a large import says how far it is, and every chat arrives", async () => {
    const page = await env.page();
    await configure(page, { key: KEY });
    await chat(page, "Copy me many times scenario:basic");
    const doc = JSON.parse((await exportFile(page)).text);
    const [one] = doc.chats;
    // 240 chats of about 9 KB each: 2 MB of JSON, read in slices.
    const padding = "Lorem ipsum dolor sit amet. ".repeat(150);
    doc.chats = Array.from({ length: 240 }, (_, i) => ({
      ...one,
      id: `bulk-${i}`,
      title: `Bulk chat ${i}`,
      title_is_custom: true,
      messages: one.messages.map((m) => ({ ...m, content: `${m.content} ${padding}` })),
    }));
    const dir = mkdtempSync(join(tmpdir(), "mmchat-import-"));
    const file = join(dir, "many.json");
    writeFileSync(file, JSON.stringify(doc));

    const other = await env.page();
    await other.evaluate(() => {
      window.__said = [];
      new MutationObserver(() => {
        for (const s of document.querySelectorAll('[role="status"]')) {
          if (window.__said.at(-1) !== s.textContent) window.__said.push(s.textContent);
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await other.getByLabel("Import file").setInputFiles(file);
    await other.getByRole("status").filter({ hasText: /Imported 240 chats/ }).waitFor({ timeout: 60000 });
    const said = await other.evaluate(() => window.__said);
    assert.ok(
      said.some((s) => /Reading the file: \d+ of 240 chats/.test(s)),
      `progress shown: ${JSON.stringify(said.filter((s) => !/^Chats use/.test(s)))}`,
    );
    await list(other).getByRole("button", { name: /^Bulk chat 0(?!\d)/ }).waitFor();
    await list(other).getByRole("button", { name: /^Bulk chat 239(?!\d)/ }).waitFor();
    assert.equal(await list(other).getByRole("button", { name: /^Bulk chat \d+/ }).count(), 240);
    assertNoPageErrors(other);
  });

  it("full storage: the reply stays on screen, the user is told and offered export", async () => {
    const page = await env.page();
    await configure(page, { key: KEY });
    await chat(page, "Before the storage fills scenario:basic");
    // Fill localStorage to the brim with someone else's data.
    await page.evaluate(() => {
      let chunk = "x".repeat(512 * 1024);
      for (let i = 0; ; i++) {
        try {
          localStorage.setItem(`filler:${i}`, chunk);
        } catch {
          if (chunk.length <= 16) break;
          chunk = chunk.slice(0, chunk.length / 2);
        }
      }
    });
    await send(page, "This reply cannot be saved scenario:basic");
    assert.equal(await waitSettled(page), "done");
    const alert = page.getByRole("alert").filter({ hasText: /storage/i });
    await alert.waitFor();
    assert.match(await alert.innerText(), /full/i);
    assert.match(await partText(lastReply(page), "answer"), /How can I help/);
    await shot(page, "history-storage-full");
    await alert.getByRole("button", { name: "Export chats" }).click();
    await page.getByRole("dialog", { name: "Export chats" }).waitFor();
    await page.getByRole("dialog", { name: "Export chats" }).getByRole("button", { name: "Close" }).click();

    // Make room, and saving resumes.
    await page.evaluate(() => {
      for (const k of Object.keys(localStorage)) if (k.startsWith("filler:")) localStorage.removeItem(k);
    });
    await alert.getByRole("button", { name: "Try again" }).click();
    await alert.waitFor({ state: "detached" });
    await reloadApp(page);
    assert.equal(await page.locator('article[data-message-role="assistant"]').count(), 2);
    assertNoPageErrors(page);
  });

  it("two tabs: each sees the other's chats, and neither loses one", async () => {
    const a = await env.page();
    await configure(a, { key: KEY });
    const b = await a.context().newPage();
    b.errors = [];
    b.on("pageerror", (e) => b.errors.push(String(e)));
    await b.goto(a.url());
    await b.getByRole("textbox", { name: "Message" }).waitFor();

    await chat(a, "From tab A scenario:basic");
    await list(b).getByRole("button", { name: /^From tab A/ }).waitFor();
    await b.getByRole("button", { name: "New chat" }).click();
    await chat(b, "From tab B scenario:inline-think");
    await list(a).getByRole("button", { name: /^From tab B/ }).waitFor();

    // Both write again at about the same time, then a fresh load has both.
    await Promise.all([chat(a, "A again scenario:fast"), chat(b, "B again scenario:fast")]);
    const c = await a.context().newPage();
    await c.goto(a.url());
    await list(c).getByRole("button", { name: /^From tab A/ }).waitFor();
    await list(c).getByRole("button", { name: /^From tab B/ }).waitFor();
    await list(c).getByRole("button", { name: /^From tab A/ }).click();
    assert.equal(await c.locator('article[data-message-role="assistant"]').count(), 2);
    await list(c).getByRole("button", { name: /^From tab B/ }).click();
    assert.equal(await c.locator('article[data-message-role="assistant"]').count(), 2);
    assertNoPageErrors(a);
    assertNoPageErrors(b);
  });

  it("reload in the middle of a reply keeps what had arrived", async () => {
    const page = await env.page();
    await configure(page, { key: KEY });
    await send(page, "Count slowly scenario:slow");
    const reply = lastReply(page);
    await page.waitForFunction(() => {
      const a = document.querySelector('article[data-message-role="assistant"] [data-part="answer"]');
      return a && /Word 1[0-9]/.test(a.textContent);
    });
    // Past the 500 ms save interval, so something is saved.
    await page.waitForTimeout(700);
    await reloadApp(page);
    await reply.waitFor();
    assert.equal(await reply.getAttribute("data-status"), "interrupted");
    assert.match(await partText(reply, "answer"), /Word 1/);
    assertNoPageErrors(page);
  });

  it("the storage meter shows how much the chats use", async () => {
    const page = await env.page();
    await configure(page, { key: KEY });
    await chat(page, "Measure me scenario:basic");
    const meter = page.getByRole("meter", { name: "Storage used" });
    await meter.waitFor();
    assert.ok(Number(await meter.getAttribute("value")) > 0);
    await page.getByText(/Chats use .* of about/).waitFor();
    await shot(page, "history-sidebar");
    assertNoPageErrors(page);
  });

  it("unreadable saved data is kept aside, announced, and can be downloaded", async () => {
    const page = await env.page();
    await configure(page, { key: KEY });
    await chat(page, "A good chat scenario:basic");
    await page.evaluate(() => localStorage.setItem("mmchat:chat:broken1", '{"v":1,"chat":{not json'));
    await reloadApp(page);
    await page.getByRole("status").filter({ hasText: /could not be read/ }).first().waitFor();
    await list(page).getByRole("button", { name: /^A good chat/ }).waitFor();
    const keys = await page.evaluate(() => Object.keys(localStorage));
    assert.ok(keys.includes("mmchat:chat:broken1"), "the original is left as it was");
    assert.ok(keys.some((k) => k.startsWith("mmchat:backup:mmchat:chat:broken1")), `a backup: ${keys}`);
    await shot(page, "history-unreadable");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download unreadable data" }).click(),
    ]);
    const text = readFileSync(await download.path(), "utf8");
    assert.ok(text.includes("not json"), text);
    assertNoPageErrors(page);
  });

  it("data from a newer version of the app is shown but never rewritten", async () => {
    const page = await env.page();
    await configure(page, { key: KEY });
    await chat(page, "Written by an old app scenario:basic");
    const before = await page.evaluate(() => {
      localStorage.setItem("mmchat:schema", "99");
      return Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith("mmchat:chat:")).map((k) => [k, localStorage.getItem(k)]));
    });
    await reloadApp(page);
    await page.getByRole("status").filter({ hasText: /newer version/ }).waitFor();
    await list(page).getByRole("button", { name: /^Written by an old app/ }).waitFor();
    await chat(page, "One more scenario:basic");
    const after = await page.evaluate(() => ({
      schema: localStorage.getItem("mmchat:schema"),
      chats: Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith("mmchat:chat:")).map((k) => [k, localStorage.getItem(k)])),
    }));
    assert.equal(after.schema, "99");
    assert.deepEqual(after.chats, before, "nothing written over the newer data");
    assertNoPageErrors(page);
  });
});
