// Main-flow smoke test in Firefox and in WebKit (Safari's engine), through
// W3C WebDriver: the release build served by the mock MiniMax server, used as
// a person would. ENGINES=firefox (or webkit) runs one; an engine that is left
// out or not installed is reported loudly, never skipped in silence.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startMock } from "../e2e/mock.mjs";
import { engines, missing } from "./engines.mjs";
import { Keys, Session, by, freePort } from "./webdriver.mjs";

const shots = join(dirname(fileURLToPath(import.meta.url)), "screenshots");
mkdirSync(shots, { recursive: true });

const KEY = "test-key-not-secret";
const BASE_URL = "/api/demo/v1";
const BASIC = {
  thinking: "The user wants a greeting. I will keep it short.",
  answer: "Hello! How can I help today?",
};

const wanted = (process.env.ENGINES || "firefox,webkit").split(",").map((s) => s.trim());
const unknown = wanted.filter((name) => !engines.some((e) => e.name === name));
if (unknown.length) throw new Error(`ENGINES: no engine named ${unknown.join(", ")} (firefox, webkit)`);
for (const engine of engines.filter((e) => !wanted.includes(e.name))) {
  console.log(`\n!!! SKIPPED: the ${engine.label} smoke (ENGINES=${process.env.ENGINES}) !!!\n`);
}

/** Installed in the page after each load: keeps uncaught errors, rejections and console.error. */
function recordErrors() {
  if (window.__smokeErrors) return;
  const log = (window.__smokeErrors = []);
  addEventListener(
    "error",
    (e) => log.push(e instanceof ErrorEvent ? `uncaught: ${e.message}` : `failed to load: ${e.target?.outerHTML}`),
    true,
  );
  addEventListener("unhandledrejection", (e) => log.push(`unhandled rejection: ${e.reason}`));
  const original = console.error;
  console.error = (...args) => {
    log.push(`console.error: ${args.join(" ")}`);
    original.apply(console, args);
  };
}

/** Status, thinking and answer text of the newest assistant article (null if none). */
function lastReply() {
  const all = document.querySelectorAll('article[data-message-role="assistant"]');
  const article = all[all.length - 1];
  if (!article) return null;
  const part = (name) => article.querySelector(`[data-part="${name}"]`)?.textContent ?? null;
  return { status: article.getAttribute("data-status"), thinking: part("thinking"), answer: part("answer") };
}

/** The role of each message, oldest first. */
function messageRoles() {
  return [...document.querySelectorAll("article[data-message-role]")].map((a) => a.getAttribute("data-message-role"));
}

for (const engine of engines.filter((e) => wanted.includes(e.name))) {
  describe(`${engine.label} smoke`, () => {
    const absent = missing(engine);
    let mock, driver, page;

    /** Load (or reload) and wait until the message box is there; then record errors. */
    async function ready(load) {
      await load();
      await page.find(by.field("Message"), 30000);
      await page.execute(recordErrors);
    }

    /** Errors since the last check: the page's recorder (emptied) and new lines of the driver's output. */
    let outputSeen = 0;
    async function assertNoScriptErrors() {
      const inPage = await page.execute(() => window.__smokeErrors?.splice(0) ?? ["the error recorder is gone"]);
      const output = driver.output();
      const logged = engine.consoleErrors(output.slice(outputSeen), mock.url);
      outputSeen = output.length;
      assert.deepEqual([...inPage, ...logged], [], "script errors");
    }

    async function waitSettled(timeout = 20000) {
      return page.waitFor("the reply to settle", async () => {
        const reply = await page.execute(lastReply);
        return reply && reply.status !== "streaming" && reply;
      }, timeout);
    }

    async function send(text) {
      await page.type(await page.find(by.field("Message")), text + Keys.enter);
    }

    before(async () => {
      if (absent.length) {
        console.log(`\n!!! ${engine.label}: cannot run, not installed: ${absent.join(", ")}`);
        console.log("!!! install with scripts/setup.sh --engines\n");
        return;
      }
      mock = await startMock();
      const port = await freePort();
      driver = await engine.start(port);
      page = await Session.open(driver, engine.capabilities);
      await page.setWindowSize(1200, 860);
    });

    after(async () => {
      // SMOKE_DUMP=1 prints what the driver and its browser wrote.
      if (process.env.SMOKE_DUMP) console.log(driver?.output());
      await page?.close().catch(() => {});
      await driver?.stop();
      mock?.stop();
    });

    /** A step of the flow; none runs when the engine is not installed (the first step fails instead). */
    const step = (name, fn) => it(name, { skip: absent.length > 0 && "not installed" }, fn);

    it("is installed", () => {
      assert.deepEqual(absent, [], `${engine.name} cannot run: install with scripts/setup.sh --engines`);
    });

    step("loads without script errors", async () => {
      await ready(() => page.goto(mock.url + "/"));
      assert.deepEqual(await page.execute(messageRoles), [], "a fresh profile has no messages");
      await assertNoScriptErrors();
    });

    step("Settings: API key and Base URL typed into their labelled fields", async () => {
      await page.click(await page.find(by.button("Settings")));
      const key = await page.find(by.field("API key"));
      assert.equal(await page.attribute(key, "type"), "password");
      await page.clear(key);
      await page.type(key, KEY);
      const baseUrl = await page.find(by.field("Base URL"));
      await page.clear(baseUrl);
      await page.type(baseUrl, BASE_URL + Keys.tab);
      assert.equal(await page.execute((e) => e.value, baseUrl), BASE_URL);
      await page.screenshot(join(shots, `${engine.name}-settings.png`));
      await page.click(await page.find(by.button("Close")));
      await page.waitFor("the dialog to close", async () => (await page.findAll('//*[@role="dialog"]')).length === 0);
      await assertNoScriptErrors();
    });

    step("a reply: thinking and answer exact, status done, key and base URL used", async () => {
      await fetch(mock.url + "/_mock/reset", { method: "POST" });
      await send("Please answer scenario:basic");
      const reply = await waitSettled();
      assert.equal(reply.status, "done");
      assert.equal(reply.thinking, BASIC.thinking);
      assert.equal(reply.answer?.trim(), BASIC.answer);
      assert.deepEqual(await page.execute(messageRoles), ["user", "assistant"]);
      const [request] = await (await fetch(mock.url + "/_mock/requests")).json();
      assert.equal(request.path, `${BASE_URL}/chat/completions`, "sent to the Base URL typed in Settings");
      assert.equal(request.authorization.key_length, KEY.length, "with the API key typed in Settings");
      // Open the thinking (a real button with aria-expanded) for the screenshot.
      const article = '(//article[@data-message-role="assistant"])[last()]';
      const toggle = await page.find(`${article}//button[starts-with(normalize-space(.), "Thought for")]`);
      await page.click(toggle);
      assert.equal(await page.attribute(toggle, "aria-expanded"), "true");
      await page.screenshot(join(shots, `${engine.name}-reply.png`));
      await assertNoScriptErrors();
    });

    step("reload: the chat is restored from localStorage", async () => {
      await ready(() => page.refresh());
      await page.waitFor("the stored chat", async () => (await page.execute(messageRoles)).length === 2);
      assert.deepEqual(await page.execute(messageRoles), ["user", "assistant"]);
      const reply = await page.execute(lastReply);
      assert.equal(reply.status, "done");
      assert.equal(reply.thinking, BASIC.thinking);
      assert.equal(reply.answer?.trim(), BASIC.answer);
      await assertNoScriptErrors();
    });

    step("Stop: a slow stream ends as stopped and keeps its text", async () => {
      await send("Count slowly scenario:slow");
      const streaming = await page.waitFor("the answer to start", async () => {
        const reply = await page.execute(lastReply);
        return reply?.answer?.includes("Word 3") && reply;
      });
      assert.equal(streaming.status, "streaming");
      await page.click(await page.find(by.button("Stop")));
      const stopped = await waitSettled();
      assert.equal(stopped.status, "stopped");
      assert.match(stopped.answer.trim(), /^Word 1 Word 2 Word 3/);
      assert.ok(!stopped.answer.includes("Word 50"), "stopped before the end");
      await new Promise((r) => setTimeout(r, 1000));
      assert.deepEqual(await page.execute(lastReply), stopped, "nothing arrives after Stop");
      await page.find(by.button("Send"));
      await page.screenshot(join(shots, `${engine.name}-stopped.png`));
      await assertNoScriptErrors();
    });
  });
}
