// Start-up with a long history: the page reads the index and the open chat
// first, lists every chat at once, and reads the rest in the background, so
// search (content, not just titles), export and damaged data all still work.
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { useEnv, assertNoPageErrors, configure, reloadApp, send, shot, waitSettled } from "./harness.mjs";

/** Store `n` chats as a previous visit would have; chat 0 is the oldest. */
async function seed(page, n, { broken } = {}) {
  await page.evaluate(
    ({ n, broken }) => {
      const chats = [];
      for (let i = 0; i < n; i++) {
        const id = `seed${i}`;
        const at = 1_700_000_000_000 + i * 60_000;
        const chat = {
          id,
          title: "",
          title_is_custom: false,
          created_ms: at,
          updated_ms: at,
          model: "MiniMax-M3",
          params: { system_prompt: "", temperature: 1, top_p: 0.95, max_output_tokens: 8192, thinking: "adaptive" },
          messages: [
            { id: `u${i}`, role: "user", content: `Question number ${i}`, status: "done", timing: { started_ms: at, ended_ms: at } },
            {
              id: `a${i}`,
              role: "assistant",
              content: `Answer ${i}: ${i === 0 ? "the word marmalade is only here. " : ""}${"filler text ".repeat(200)}`,
              status: "done",
              model: "MiniMax-M3",
              timing: { started_ms: at, ended_ms: at + 1000 },
            },
          ],
        };
        localStorage.setItem(`mmchat:chat:${id}`, broken === i ? "{not json" : JSON.stringify({ v: 2, chat }));
        chats.unshift({ id, title: `Question number ${i}`, updated_ms: at });
      }
      localStorage.setItem("mmchat:index", JSON.stringify({ v: 2, open: `seed${n - 1}`, chats }));
      localStorage.setItem("mmchat:schema", "2");
    },
    { n, broken },
  );
}

/** Store a chat of `turns` turns (open) and a short one, as a previous visit would have. */
async function seedLong(page, turns) {
  await page.evaluate((turns) => {
    const at = 1_700_000_000_000;
    const chat = (id, title, n, t) => ({
      id,
      title,
      title_is_custom: true,
      created_ms: t,
      updated_ms: t,
      model: "MiniMax-M3",
      messages: Array.from({ length: n }, (_, i) => [
        { id: `${id}-u${i}`, role: "user", content: `${title} question ${i}`, status: "done", timing: { started_ms: t } },
        {
          id: `${id}-a${i}`,
          role: "assistant",
          content: `${title} answer ${i}. ${"Some words of the answer. ".repeat(40)}`,
          thinking: "A thought. ".repeat(10),
          status: "done",
          model: "MiniMax-M3",
          timing: { started_ms: t, ended_ms: t + 1000 },
        },
      ]).flat(),
    });
    const chats = [chat("short", "Short", 1, at), chat("long", "Long", turns, at + 60_000)];
    for (const c of chats) localStorage.setItem(`mmchat:chat:${c.id}`, JSON.stringify({ v: 3, chat: c }));
    const index = { v: 3, open: "long", chats: chats.map((c) => ({ id: c.id, title: c.title, updated_ms: c.updated_ms })).reverse() };
    localStorage.setItem("mmchat:index", JSON.stringify(index));
    localStorage.setItem("mmchat:schema", "3");
  }, turns);
}

/** The questions shown, in page order. */
const questions = (page) =>
  page.locator('article[data-message-role="user"]').evaluateAll((all) => all.map((a) => a.textContent.match(/question (\d+)/)?.[1]));

/** How far the thread's view is from its end, in px. */
const gapToEnd = (page) => page.locator(".thread").evaluate((t) => t.scrollHeight - t.scrollTop - t.clientHeight);

const chatItems = (page) => page.getByRole("navigation", { name: "Conversations" }).getByRole("listitem");

/**
 * Before the next load: notes, as `window[key]`, how many elements match
 * `count` at the moment the last element matching `when` first appears
 * (holding `text`, if given). Read it with `countedAtFirst`.
 */
const countAtFirst = (page, key, { when, text = "", count }) =>
  page.addInitScript(
    ({ key, when, text, count }) => {
      document.addEventListener("DOMContentLoaded", () => {
        const observer = new MutationObserver(() => {
          const found = document.querySelectorAll(when);
          if (found.length && found[found.length - 1].textContent.includes(text)) {
            window[key] = document.querySelectorAll(count).length;
            observer.disconnect();
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      });
    },
    { key, when, text, count },
  );

const countedAtFirst = async (page, key) => {
  await page.waitForFunction((key) => window[key] != null, key);
  return page.evaluate((key) => window[key], key);
};

describe("start-up with a long history", () => {
  const env = useEnv({ before, after, afterEach });

  it("lists every chat, opens the last one, and finds words inside chats read later", async () => {
    const page = await env.page();
    await seed(page, 60);
    await reloadApp(page);
    await assert.doesNotReject(page.locator('article[data-message-role="assistant"]').first().waitFor());
    assert.match(await page.locator('[data-part="answer"]').first().innerText(), /^Answer 59/);
    // The list fills in a batch per frame.
    await assert.doesNotReject(chatItems(page).nth(59).waitFor());
    assert.equal(await chatItems(page).count(), 60);
    // Only in the oldest chat's answer, which start-up did not read.
    await page.getByLabel("Search chats").fill("marmalade");
    await assert.doesNotReject(chatItems(page).filter({ hasText: "Question number 0" }).waitFor());
    assert.equal(await chatItems(page).count(), 1);
    await assert.doesNotReject(page.locator(".chat-snippet", { hasText: "marmalade" }).waitFor());
    await shot(page, "startup-search");
    await page.getByLabel("Search chats").fill("");
    await chatItems(page).filter({ hasText: "Question number 3" }).getByRole("button").first().click();
    assert.match(await page.locator('[data-part="answer"]').first().innerText(), /^Answer 3/);
    assertNoPageErrors(page);
  });

  it("the Message box appears with the chat list beside it, never beside an empty list", async () => {
    const page = await env.page();
    await seed(page, 60);
    await countAtFirst(page, "rowsAtBox", { when: "textarea#message", count: 'nav[aria-label="Conversations"] li' });
    await reloadApp(page);
    const rows = await countedAtFirst(page, "rowsAtBox");
    // A screen's worth at least (the rest follow a batch per frame).
    assert.ok(rows >= 15, `chats listed when the Message box appeared: ${rows}`);
    assertNoPageErrors(page);
  });

  it("a chat of a hundred turns opens at its end and fills in above it, in order", async () => {
    const page = await env.page();
    await seedLong(page, 100);
    // How many messages there were when the last answer first showed.
    await countAtFirst(page, "messagesAtFirst", {
      when: 'article[data-message-role="assistant"]',
      text: "Long answer 99.",
      count: "article[data-message-role]",
    });
    await reloadApp(page);
    const all = page.locator("article[data-message-role]");
    await assert.doesNotReject(page.waitForFunction(() => document.querySelectorAll("article[data-message-role]").length === 200));
    const first = await countedAtFirst(page, "messagesAtFirst");
    // The newest came first, not the whole chat at once.
    assert.ok(first >= 2 && first < 200, `messages when the end first showed: ${first}`);
    assert.deepEqual(await questions(page), Array.from({ length: 100 }, (_, i) => String(i)));
    assert.match(await all.first().innerText(), /Long question 0/);
    // The reader is where they were: at the end, following.
    assert.ok((await gapToEnd(page)) < 80, "the view stays at the end as the older messages go in above");
    assert.equal(await page.getByRole("button", { name: "Jump to latest" }).count(), 0);
    await shot(page, "startup-long-chat");

    // Away and back: the chat fills in again from its end.
    await chatItems(page).filter({ hasText: "Short" }).getByRole("button").first().click();
    await assert.doesNotReject(page.getByText("Short answer 0.").waitFor());
    assert.equal(await all.count(), 2);
    await chatItems(page).filter({ hasText: "Long" }).getByRole("button").first().click();
    await assert.doesNotReject(page.waitForFunction(() => document.querySelectorAll("article[data-message-role]").length === 200));
    assert.deepEqual((await questions(page)).slice(0, 3), ["0", "1", "2"]);
    assert.ok((await gapToEnd(page)) < 80);
    // A new turn goes at the end, as ever.
    await configure(page);
    await send(page, "One more question");
    assert.equal(await waitSettled(page), "done");
    assert.equal(await all.count(), 202);
    assert.match(await page.locator('article[data-message-role="user"]').last().innerText(), /One more question/);
    assertNoPageErrors(page);
  });

  it("the storage meter says 'over' until every chat is read and counted, on one line", async () => {
    const page = await env.page();
    await seed(page, 60);
    // Every text the meter shows from the first.
    await page.addInitScript(() => {
      window.__meter = [];
      window.__lines = [];
      document.addEventListener("DOMContentLoaded", () => {
        new MutationObserver(() => {
          const el = document.querySelector(".storage-meter .meter-text");
          const text = el?.textContent;
          if (text && window.__meter.at(-1) !== text) {
            window.__meter.push(text);
            window.__lines.push(Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)));
          }
        }).observe(document.body, { subtree: true, childList: true, characterData: true });
      });
    });
    await reloadApp(page);
    await assert.doesNotReject(page.getByText(/^Chats use (?!over)/).waitFor());
    const said = await page.evaluate(() => window.__meter);
    const bytes = (text) => {
      const [, n, unit] = text.match(/use (?:over )?([\d.]+) (B|KB|MB)/);
      return Number(n) * 1024 ** ["B", "KB", "MB"].indexOf(unit);
    };
    assert.match(said[0], /^Chats use over /, `first shown: ${said}`);
    assert.doesNotMatch(said.at(-1), /over/);
    assert.ok(bytes(said.at(-1)) > bytes(said[0]), `the count grew as the chats were read: ${said}`);
    // Never a line that wraps (the list above would jump when it unwraps).
    assert.deepEqual(await page.evaluate(() => window.__lines), said.map(() => 1));
    assertNoPageErrors(page);
  });

  it("a damaged chat the first screen did not need is still found, kept aside and announced", async () => {
    const page = await env.page();
    await seed(page, 12, { broken: 2 });
    await reloadApp(page);
    await assert.doesNotReject(page.getByText(/could not be read and is kept aside/).waitFor());
    await assert.doesNotReject(page.getByRole("button", { name: "Download unreadable data" }).waitFor());
    await page.waitForFunction(() => document.querySelectorAll("nav[aria-label=Conversations] li").length === 11);
    assert.equal(await page.evaluate(() => localStorage.getItem("mmchat:chat:seed2")), "{not json");
    assertNoPageErrors(page);
  });

  it("Export of all chats holds the ones start-up did not read", async () => {
    const page = await env.page();
    await seed(page, 25);
    await reloadApp(page);
    await page.getByRole("button", { name: "Export" }).click();
    await page.getByLabel("All chats").check();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download" }).click()]);
    const text = await (await download.createReadStream()).toArray();
    const file = JSON.parse(Buffer.concat(text).toString("utf8"));
    assert.equal(file.chats.length, 25);
    assert.ok(file.chats.every((c) => c.messages.length === 2));
    assertNoPageErrors(page);
  });
});
