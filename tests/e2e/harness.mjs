// Shared set-up for the end-to-end tests: the release build in dist/ served by
// the mock MiniMax server (same origin), and headless Chromium driven through
// playwright-core. Tests talk to the page through labels and roles only.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startMock, waitForDist } from "./mock.mjs";

// Tests and scripts that start their own servers take these from here too.
export { root, startMock } from "./mock.mjs";

const here = dirname(fileURLToPath(import.meta.url));
export const shots = join(here, "screenshots");
mkdirSync(shots, { recursive: true });

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** The Chromium flags that work on this machine. */
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Launch headless Chromium with the flags that work on this machine. */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), "mmchat-e2e-"));
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Headless Chromium with a profile on disk, as a person's browser has:
 * contexts of launch() are off the record, where Chromium installs no apps.
 * Resolves to {context, close}.
 */
export async function launchProfile({ serviceWorkers = "block" } = {}) {
  const profile = mkdtempSync(join(tmpdir(), "mmchat-e2e-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1200, height: 860 },
    serviceWorkers,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh context. Service workers are blocked unless asked for: a worker
 * would answer the page's requests itself, out of sight of page.route, and
 * only the hosting tests are about it.
 */
export function newContext(browser, { viewport, colorScheme, serviceWorkers = "block" } = {}) {
  return browser.newContext({ viewport: viewport || { width: 1200, height: 860 }, colorScheme, serviceWorkers });
}

/**
 * A fresh page (own storage) with the app loaded and ready.
 * The page records: `errors` (uncaught exceptions and unexpected dialogs),
 * `requests` (every URL it asked for, including routed ones), `failed`
 * ({url, error} of requests that failed or were aborted), `badResponses`
 * ("STATUS url" of answers >= 400) and `console`
 * (console errors, e.g. CSP violations).
 */
export async function openApp(browser, url, { context, viewport, colorScheme } = {}) {
  const ctx = context || (await newContext(browser, { viewport, colorScheme }));
  const page = await ctx.newPage();
  page.errors = [];
  page.requests = [];
  page.failed = [];
  page.console = [];
  page.badResponses = [];
  page.on("pageerror", (e) => page.errors.push(String(e)));
  page.on("dialog", (d) => {
    page.errors.push(`unexpected dialog: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.on("request", (r) => page.requests.push(r.url()));
  page.on("response", (r) => {
    if (r.status() >= 400) page.badResponses.push(`${r.status()} ${r.url()}`);
  });
  page.on("requestfailed", (r) => page.failed.push({ url: r.url(), error: r.failure()?.errorText }));
  page.on("console", (m) => {
    if (m.type() === "error") page.console.push(m.text());
  });
  await gotoApp(page, url + "/");
  return page;
}

/** Load the app, retrying while dist/ is being rebuilt. */
async function gotoApp(page, href) {
  for (let attempt = 0; ; attempt++) {
    try {
      await page.goto(href);
      await page.getByRole("textbox", { name: "Message" }).waitFor({ timeout: 15000 });
      return;
    } catch (e) {
      if (attempt >= 5) throw e;
      await waitForDist();
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/** Reload the page and wait for the app to be ready again. */
export async function reloadApp(page) {
  await page.reload();
  await page.getByRole("textbox", { name: "Message" }).waitFor({ timeout: 15000 });
}

/**
 * One mock server + one browser per test file; a fresh context per test.
 * Call inside a describe(): registers before/after/afterEach hooks.
 * `env.page(opts)` opens the app in a new context; afterEach closes them.
 */
export function useEnv({ before, after, afterEach }) {
  const env = { mock: null, browser: null, contexts: [] };
  before(async () => {
    env.mock = await startMock();
    env.launched = await launch();
    env.browser = env.launched.browser;
  });
  after(async () => {
    await env.launched?.close();
    env.mock?.stop();
  });
  afterEach(async () => {
    for (const c of env.contexts.splice(0)) await c.close().catch(() => {});
  });
  env.page = async (opts = {}) => {
    const page = await openApp(env.browser, env.mock.url, opts);
    env.contexts.push(page.context());
    return page;
  };
  env.requests = async () => {
    const r = await fetch(env.mock.url + "/_mock/requests");
    return r.json();
  };
  env.resetRequests = async () => {
    await fetch(env.mock.url + "/_mock/reset", { method: "POST" });
  };
  return env;
}

/** Every test ends with this: no uncaught exceptions, no dialogs. */
export function assertNoPageErrors(page) {
  assert.deepEqual(page.errors, [], "page errors / dialogs");
}

/** Open Settings, fill key and base URL, close; optionally pick the model (in the composer's picker). */
export async function configure(page, { key = "test-key-not-secret", baseUrl = "/api/demo/v1", model } = {}) {
  await page.getByRole("button", { name: "Settings" }).click();
  await page.getByLabel("API key").fill(key);
  await page.getByLabel("Base URL").fill(baseUrl);
  await page.getByLabel("Base URL").press("Tab");
  await page.getByRole("button", { name: "Close" }).click();
  if (model) await page.locator("form.composer").getByLabel("Answer with", { exact: true }).selectOption(model);
}

/** Type a message and press Enter. */
export async function send(page, text) {
  const box = page.getByRole("textbox", { name: "Message" });
  await box.fill(text);
  await box.press("Enter");
}

/** Text of a part ("thinking" | "answer" | "usage") of an article; null if absent. */
export async function partText(article, part) {
  const loc = article.locator(`[data-part="${part}"]`);
  if ((await loc.count()) === 0) return null;
  return loc.first().evaluate((e) => e.textContent);
}

/** The thinking toggle of an assistant article (either of its two names). */
export function thinkingToggle(article) {
  return article.getByRole("button", { name: /^(Thinking…|Thought for \d+ s)$/ });
}

/** The newest assistant article. */
export function lastReply(page) {
  return page.locator('article[data-message-role="assistant"]').last();
}

/** Wait until the newest reply leaves "streaming"; returns its status. */
export async function waitSettled(page, timeout = 20000) {
  const reply = lastReply(page);
  await reply.waitFor();
  await page.waitForFunction(
    () => {
      const all = document.querySelectorAll('article[data-message-role="assistant"]');
      const last = all[all.length - 1];
      // Done streaming, and the renderer done too (it works in slices and
      // marks the answer aria-busy while some are left).
      return (
        last &&
        last.getAttribute("data-status") !== "streaming" &&
        !last.querySelector('[data-part="answer"][aria-busy="true"]')
      );
    },
    null,
    { timeout },
  );
  return reply.getAttribute("data-status");
}

export async function shot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: false });
}

const DAY = 86_400_000;

/**
 * Store five chats as earlier visits would have, changed today, yesterday,
 * four days ago, three and six weeks ago (by the page's clock), and reload:
 * the list's date groups, and answers with markdown for search snippets.
 */
export async function seedDated(page) {
  await page.evaluate((DAY) => {
    const now = Date.now();
    const midnight = new Date(now);
    midnight.setHours(0, 0, 0, 0);
    const today = midnight.getTime();
    const chats = [
      ["Plan a weekend in Lisbon", "Day one: **Alfama** at sunrise, then the tram.", today + (now - today) / 2],
      ["Why is the sky blue?", "Rayleigh scattering: short wavelengths scatter more.", today - DAY / 2],
      ["Rust tests", "## Tests\nUse **`cargo test`** to run [them](https://doc.rust-lang.org) in a crate.", today - 4 * DAY],
      ["Sourdough starter", "Feed it flour and water every day; it is ready when it doubles.", today - 21 * DAY],
      ["Explain monads", "A monad is a way to chain steps that carry context.", today - 40 * DAY],
    ];
    const index = [];
    chats.forEach(([question, answer, at], i) => {
      const id = `dated${i}`;
      const chat = {
        id,
        title: "",
        title_is_custom: false,
        created_ms: at,
        updated_ms: at,
        model: "MiniMax-M3",
        params: { system_prompt: "", temperature: 1, top_p: 0.95, max_output_tokens: 8192, thinking: "adaptive" },
        messages: [
          { id: `u${i}`, role: "user", content: question, status: "done", timing: { started_ms: at, ended_ms: at } },
          {
            id: `a${i}`,
            role: "assistant",
            content: answer,
            status: "done",
            model: "MiniMax-M3",
            timing: { started_ms: at, ended_ms: at + 1000 },
          },
        ],
      };
      localStorage.setItem(`mmchat:chat:${id}`, JSON.stringify({ v: 2, chat }));
      index.push({ id, title: question, updated_ms: at });
    });
    localStorage.setItem("mmchat:index", JSON.stringify({ v: 2, open: "dated0", chats: index }));
    localStorage.setItem("mmchat:schema", "2");
  }, DAY);
  await reloadApp(page);
}
