// Stored history for the rows that need one (start-up, search, export,
// import, switching): chats in the app's current storage layout (schema 3,
// src/store/layout.rs), written into localStorage as a previous visit
// would have left them, and the signals the rows wait for.
import { CONTEXT } from "./common.mjs";

/** Chat `i` of `count`: five turns of ~2 KB answers with thinking. */
export function storedChat(i, count, now, { word } = {}) {
  const messages = [];
  const at = now - (count - i) * 60000;
  for (let turn = 0; turn < 5; turn++) {
    const t = at + turn * 1000;
    messages.push({
      id: `u${i}-${turn}`,
      role: "user",
      content: `Question ${turn} of chat ${i}: how do streams, buffers and layout interact here?`,
      status: "done",
      timing: { started_ms: t },
    });
    messages.push({
      id: `a${i}-${turn}`,
      role: "assistant",
      content: `## Answer ${turn}\n\n` + "A paragraph of answer text with `code` and **bold** words. ".repeat(30) +
        (word && turn === 2 ? `The rare word ${word} is here. ` : "") +
        "\n\n```rust\nfn main() {\n    println!(\"hello\");\n}\n```\n",
      thinking: "Some reasoning about the question. ".repeat(20),
      status: "done",
      model: "MiniMax-M3",
      usage: { prompt_tokens: 100, completion_tokens: 400, total_tokens: 500 },
      timing: { started_ms: t, first_token_ms: t + 300, answer_started_ms: t + 900, ended_ms: t + 4000 },
    });
  }
  return {
    id: `bench${String(i).padStart(3, "0")}`,
    title: `Benchmark chat ${i}`,
    title_is_custom: true,
    created_ms: at,
    updated_ms: at + 5000,
    model: "MiniMax-M3",
    messages,
  };
}

/** `count` chats; those at `wordAt` hold `word` in one answer. */
export function history(count, { word, wordAt = [] } = {}) {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => storedChat(i, count, now, wordAt.includes(i) ? { word } : {}));
}

/**
 * A chat of `turns` turns shaped like `storedChat`'s (a question, a ~2 KB
 * answer with thinking), whose last answer ends with `end`.
 */
export function manyTurns(id, title, turns, at, end) {
  const shape = storedChat(0, 1, at).messages;
  const messages = [];
  for (let t = 0; t < turns; t++) {
    const [question, answer] = [shape[(2 * t) % shape.length], shape[(2 * t + 1) % shape.length]];
    messages.push({ ...question, id: `${id}-u${t}`, content: `Question ${t}: ${question.content}` });
    messages.push({ ...answer, id: `${id}-a${t}`, content: answer.content + (t === turns - 1 ? `\n\n${end}` : "") });
  }
  return { id, title, title_is_custom: true, created_ms: at, updated_ms: at, model: "MiniMax-M3", messages };
}

/** A chat whose one answer is `answer` (the long chats of the switching row). */
export function longChat(id, title, answer, at) {
  return {
    id,
    title,
    title_is_custom: true,
    created_ms: at,
    updated_ms: at,
    model: "MiniMax-M3",
    messages: [
      { id: `${id}-q`, role: "user", content: `${title}: write at length`, status: "done", timing: { started_ms: at } },
      {
        id: `${id}-a`,
        role: "assistant",
        content: answer,
        status: "done",
        model: "MiniMax-M3",
        timing: { started_ms: at, first_token_ms: at + 300, answer_started_ms: at + 300, ended_ms: at + 60000 },
      },
    ],
  };
}

/**
 * Replaces the page's storage with `chats` (the newest last, opened) and
 * returns its size in characters. The page must be reloaded to read it.
 */
export async function store(page, chats) {
  return page.evaluate((chats) => {
    localStorage.clear();
    localStorage.setItem("mmchat:schema", "3");
    const index = { v: 3, open: chats.length ? chats[chats.length - 1].id : null, chats: [] };
    for (const chat of chats) {
      localStorage.setItem(`mmchat:chat:${chat.id}`, JSON.stringify({ v: 3, chat }));
      index.chats.unshift({ id: chat.id, title: chat.title, updated_ms: chat.updated_ms });
    }
    localStorage.setItem("mmchat:index", JSON.stringify(index));
    let chars = 0;
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      chars += k.length + localStorage.getItem(k).length;
    }
    return chars;
  }, chats);
}

/** The text of the answer the mock streams for `scenario`. */
export async function answerText(url, scenario) {
  const res = await fetch(`${url}/api/demo/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model: "MiniMax-M3",
      stream: true,
      messages: [{ role: "user", content: `Benchmark scenario:${scenario}` }],
    }),
  });
  let text = "";
  for (const line of (await res.text()).split("\n")) {
    if (!line.startsWith("data: ") || line === "data: [DONE]") continue;
    text += JSON.parse(line.slice(6)).choices?.[0]?.delta?.content ?? "";
  }
  if (text.length < 1000) throw new Error(`the mock's ${scenario} answer is only ${text.length} characters`);
  return text;
}

// Runs in the page before the app: stamps the trace ("bench-ready") and
// keeps the time when the page is ready to type, that is when the Message
// box is there and, if storage lists a chat, its first message is shown.
export const READY = () => {
  let chats = false;
  try {
    chats = (JSON.parse(localStorage.getItem("mmchat:index") || "{}").chats || []).length > 0;
  } catch {}
  const check = () => {
    if (window.__readyAt != null) return;
    if (!document.querySelector("textarea#message")) return;
    if (chats && !document.querySelector("article[data-message-role]")) return;
    window.__readyAt = performance.now();
    console.timeStamp("bench-ready");
  };
  const observe = () => new MutationObserver(check).observe(document.body, { subtree: true, childList: true });
  if (document.body) observe();
  else document.addEventListener("DOMContentLoaded", observe);
};

/** Waits, after a load, until the page is ready (the READY stamp). */
export async function waitReady(page) {
  await page.waitForFunction(() => window.__readyAt != null, null, { timeout: 60000, polling: 50 });
}

/**
 * A new context's page on the app at `url`, with the READY stamp, once the
 * Message box is there: `{ ctx, page }`; the caller closes `ctx`.
 */
export async function openPage(browser, url) {
  const ctx = await browser.newContext({ ...CONTEXT, acceptDownloads: true });
  const page = await ctx.newPage();
  await page.addInitScript(READY);
  await page.goto(url + "/");
  await page.getByRole("textbox", { name: "Message" }).waitFor({ timeout: 20000 });
  return { ctx, page };
}

/**
 * Waits until the main thread has been idle for a while (three idle
 * periods in a row with at least 45 of their 50 ms left): the app has
 * finished what it does in the background (reading the chats start-up
 * left, slices of a render). Returns when the calm began, in the page's
 * clock.
 */
export async function quiet(page, timeout = 120000) {
  return page.evaluate(
    (timeout) =>
      new Promise((resolve, reject) => {
        const t0 = performance.now();
        let calm = 0;
        let since = null;
        const idle = (deadline) => {
          calm = deadline.timeRemaining() >= 45 ? calm + 1 : 0;
          if (calm === 1) since = performance.now();
          if (calm >= 3) return resolve(since);
          if (performance.now() - t0 > timeout) return reject(new Error("the page never went quiet"));
          setTimeout(() => requestIdleCallback(idle), 20);
        };
        requestIdleCallback(idle);
      }),
    timeout,
  );
}
