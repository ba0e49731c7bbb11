// The first minute and the finish (issue 21): Add API key and Test
// connection, starter prompts, the buttons that lead from an alert about the
// key to the key field, the phone drawer (backdrop, Escape, swipe, close
// button, the chat inert behind it, focus in and back), the model picker and
// the Thinking switch under the composer, the system prompt's chip, math
// typeset as MathML, and the chat list under date headings with search hits
// marked. Screenshots at desktop and phone sizes in both themes.
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import {
  useEnv,
  configure,
  send,
  lastReply,
  waitSettled,
  shot,
  reloadApp,
  seedDated,
  assertNoPageErrors,
} from "./harness.mjs";

const DESKTOP = { width: 1280, height: 820 };
const PHONE = { width: 390, height: 844 };
const SIZES = [
  ["desktop", DESKTOP],
  ["phone", PHONE],
];
const THEMES = ["light", "dark"];

/** Wait until the element with `id` has the focus. */
async function focusedOn(page, id) {
  await page.waitForFunction((id) => document.activeElement?.id === id, id, { timeout: 5000 });
}

const conversations = (page) => page.getByRole("navigation", { name: "Conversations" });
const settingsDialog = (page) => page.getByRole("dialog", { name: "Settings" });
const drawerOpen = (page) => page.evaluate(() => document.querySelector(".app").classList.contains("sidebar-open"));
/** Until the drawer has slid all the way in and the backdrop has faded in
 * (a picture mid-slide shows half a list). */
const drawerIn = async (page) => {
  await page.waitForFunction(() => Math.abs(document.querySelector(".sidebar").getBoundingClientRect().left) < 1);
  await page.waitForTimeout(250);
};

describe("the first minute", () => {
  const env = useEnv({ before, after, afterEach });

  it("Add API key opens Settings at the key; Test connection says whether key, region and route work", async () => {
    const page = await env.page();
    const welcome = page.locator(".empty-state");
    // A newcomer on a real endpoint has no key: the empty state leads to one.
    await page.getByRole("button", { name: "Settings" }).click();
    await settingsDialog(page).getByRole("button", { name: "MiniMax Global", exact: true }).click();
    await settingsDialog(page).getByRole("button", { name: "Close" }).click();
    for (const region of ["MiniMax Global", "MiniMax China"]) {
      const link = welcome.getByRole("link", { name: region });
      assert.match(await link.getAttribute("href"), /^https:\/\/platform\.minimaxi?\.(io|com)\//);
    }
    await shot(page, "firstminute-no-key");
    await welcome.getByRole("button", { name: "Add API key" }).click();
    const dialog = settingsDialog(page);
    await dialog.waitFor();
    await focusedOn(page, "api-key");

    // Through this site's proxy (the mock answers it): a refused key.
    await dialog.getByLabel("Base URL").fill("/api/minimax/v1");
    await dialog.getByLabel("Base URL").press("Tab");
    await dialog.getByLabel("API key").fill("bad-key");
    await env.resetRequests();
    const verdict = dialog.locator(".key-check");
    await dialog.getByRole("button", { name: "Test connection" }).click();
    await verdict.filter({ hasText: "refused the key" }).waitFor();
    assert.equal(
      await verdict.innerText(),
      "The route works, but Local proxy refused the key: it is mistyped or belongs to the other region: a MiniMax China key needs the MiniMax China preset. Check the API key.",
    );
    assert.equal(await verdict.getAttribute("role"), "status");
    const [test] = await env.requests();
    assert.equal(test.path, "/api/minimax/v1/chat/completions");
    assert.equal(test.body.max_completion_tokens, 1, "one token is all a test asks for");
    await shot(page, "firstminute-key-refused");

    // A good key: a new key forgets the old verdict, and the test passes.
    await dialog.getByLabel("API key").fill("test-key-not-secret");
    assert.equal((await verdict.innerText()).trim(), "", "the verdict was about the old key");
    await dialog.getByRole("button", { name: "Test connection" }).click();
    await verdict.filter({ hasText: "Connection works" }).waitFor();
    assert.equal(
      await verdict.innerText(),
      "Connection works: Local proxy answered through this site's proxy and accepted the key, so this is a MiniMax Global key. You can chat now.",
    );
    assert.equal(await verdict.getAttribute("data-state"), "works");

    // A route that cannot be reached from the page.
    await dialog.getByLabel("Base URL").fill("http://127.0.0.1:9/v1");
    await dialog.getByLabel("Base URL").press("Tab");
    await dialog.getByRole("button", { name: "Test connection" }).click();
    await verdict.filter({ hasText: "route does not work" }).waitFor({ timeout: 15000 });
    assert.match(await verdict.innerText(), /^The route does not work: 127\.0\.0\.1:9 could not be reached .*the key was not checked/);
    assert.equal(await verdict.getAttribute("data-state"), "fails");

    // Back on a working route, the empty chat offers starter prompts.
    await dialog.getByLabel("Base URL").fill("/api/demo/v1");
    await dialog.getByLabel("Base URL").press("Tab");
    await dialog.getByRole("button", { name: "Close" }).click();
    assert.equal(await welcome.getByRole("button", { name: "Add API key" }).count(), 0);
    const starters = welcome.locator(".starter");
    assert.equal(await starters.count(), 4);
    const first = await starters.first().innerText();
    await starters.first().click();
    assert.equal(await waitSettled(page), "done");
    assert.equal(await page.locator('article[data-message-role="user"]').innerText(), first);
    assertNoPageErrors(page);
  });

  it("every alert about the key has a button that opens Settings at the key", async () => {
    const page = await env.page();
    // No key on a real endpoint: the composer's alert.
    await page.getByRole("button", { name: "Settings" }).click();
    await settingsDialog(page).getByRole("button", { name: "MiniMax Global", exact: true }).click();
    await settingsDialog(page).getByRole("button", { name: "Close" }).click();
    await send(page, "Hello without a key");
    const composerAlert = page.locator("form.composer").getByRole("alert");
    await composerAlert.getByRole("button", { name: "Add API key" }).click();
    await settingsDialog(page).waitFor();
    await focusedOn(page, "api-key");
    await settingsDialog(page).getByRole("button", { name: "Close" }).click();

    // A key the server refuses: the reply's alert.
    await configure(page, { key: "bad-key" });
    await send(page, "Hello with a wrong key");
    assert.equal(await waitSettled(page), "error");
    const alert = lastReply(page).getByRole("alert");
    assert.match(await alert.innerText(), /API key/);
    await shot(page, "firstminute-key-error");
    await alert.getByRole("button", { name: "Check API key" }).click();
    await settingsDialog(page).waitFor();
    await focusedOn(page, "api-key");
    assertNoPageErrors(page);
  });

  it("the model picker and M3's Thinking switch sit under the composer and go into the request", async () => {
    const page = await env.page();
    await configure(page);
    const composer = page.locator("form.composer");
    const model = composer.getByLabel("Answer with", { exact: true });
    const thinking = composer.getByRole("button", { name: "Thinking", exact: true });
    assert.equal(await model.inputValue(), "MiniMax-M3");
    assert.equal(await thinking.getAttribute("aria-pressed"), "true");
    await thinking.click();
    assert.equal(await thinking.getAttribute("aria-pressed"), "false");
    await env.resetRequests();
    await send(page, "No thinking please scenario:basic");
    await waitSettled(page);
    let body = (await env.requests()).at(-1).body;
    assert.deepEqual(body.thinking, { type: "disabled" });
    assert.equal(body.model, "MiniMax-M3");

    await model.selectOption("MiniMax-M2.7");
    assert.equal(await thinking.count(), 0, "M2.7 always thinks: no switch");
    await send(page, "Another model scenario:basic");
    await waitSettled(page);
    body = (await env.requests()).at(-1).body;
    assert.equal(body.model, "MiniMax-M2.7");
    assert.equal(body.thinking, undefined);
    // The choice is kept.
    await reloadApp(page);
    assert.equal(await page.locator("form.composer").getByLabel("Answer with", { exact: true }).inputValue(), "MiniMax-M2.7");
    assertNoPageErrors(page);
  });

  it("a chip shows the chat's system prompt and opens it", async () => {
    const page = await env.page();
    await configure(page);
    const chip = page.locator("form.composer").getByRole("button", { name: /^System prompt: / });
    assert.equal(await chip.count(), 0, "no chip without a system prompt");
    await page.getByRole("button", { name: "Settings" }).click();
    await settingsDialog(page).getByLabel("System prompt").fill("Answer like a pirate.");
    await settingsDialog(page).getByLabel("System prompt").press("Tab");
    await settingsDialog(page).getByRole("button", { name: "Close" }).click();
    await chip.waitFor();
    assert.equal((await chip.textContent()).replace(/\s+/g, " "), "System prompt: Answer like a pirate.");
    await chip.click();
    await settingsDialog(page).waitFor();
    await focusedOn(page, "system-prompt");
    assertNoPageErrors(page);
  });

  it("math is typeset as MathML, with no $ left in the text", async () => {
    const page = await env.page();
    await configure(page);
    await send(page, "Integrate x squared scenario:math");
    assert.equal(await waitSettled(page), "done");
    const answer = lastReply(page).locator('[data-part="answer"]');
    const found = await answer.evaluate((el) => {
      const ns = "http://www.w3.org/1998/Math/MathML";
      const all = [...el.querySelectorAll("math")];
      return {
        inline: all.filter((m) => !m.hasAttribute("display")).length,
        display: all.filter((m) => m.getAttribute("display") === "block").length,
        namespaced: all.every((m) => m.namespaceURI === ns),
        fractions: el.querySelectorAll("mfrac").length,
        tables: el.querySelectorAll("mtable").length,
        text: el.textContent,
        // A typeset block formula is taller than a line of text.
        height: Math.max(...all.filter((m) => m.getAttribute("display")).map((m) => m.getBoundingClientRect().height)),
      };
    });
    assert.ok(found.inline >= 4, `inline formulas: ${found.inline}`);
    assert.equal(found.display, 4);
    assert.ok(found.namespaced, "MathML elements in the MathML namespace");
    assert.ok(found.fractions >= 3 && found.tables === 2, JSON.stringify(found));
    assert.ok(!found.text.includes("$"), "no $ left once rendered");
    assert.ok(found.height > 30, `display math is typeset, not a line of text: ${found.height}`);
    assertNoPageErrors(page);
  });
});

describe("the phone drawer", () => {
  const env = useEnv({ before, after, afterEach });

  it("closes by backdrop, Escape, swipe and its button; the chat behind is inert; focus goes in and back", async () => {
    const page = await env.page({ viewport: PHONE });
    await seedDated(page);
    const main = page.locator("main");
    const toggle = page.getByRole("button", { name: "Chats", exact: true });
    const open = async () => {
      await toggle.click();
      await focusedOn(page, "drawer-close");
      assert.equal(await drawerOpen(page), true);
      assert.equal(await main.getAttribute("inert"), "", "the chat behind is inert");
    };
    const closed = async (how) => {
      await page.waitForFunction(() => !document.querySelector(".app").classList.contains("sidebar-open"));
      assert.equal(await main.getAttribute("inert"), null, `${how}: the chat is live again`);
      await focusedOn(page, "drawer-toggle");
    };

    // Closed, it leaves nothing at the screen's edge (no shadow).
    const hidden = await page.evaluate(() => getComputedStyle(document.querySelector(".sidebar")).visibility);
    assert.equal(hidden, "hidden");

    await open();
    // A tap where Send is lands on the backdrop, not on Send.
    const send = await page.locator("button.send").boundingBox();
    const hit = await page.evaluate(
      ({ x, y }) => document.elementFromPoint(x, y)?.className,
      { x: send.x + send.width / 2, y: send.y + send.height / 2 },
    );
    assert.equal(hit, "backdrop");
    await drawerIn(page);
    await shot(page, "firstminute-drawer-light");
    await page.mouse.click(PHONE.width - 20, PHONE.height / 2);
    await closed("backdrop");

    await open();
    await page.keyboard.press("Escape");
    await closed("Escape");

    await open();
    // Below the list, where a press opens no chat.
    await page.mouse.move(260, 640);
    await page.mouse.down();
    await page.mouse.move(180, 642, { steps: 4 });
    await page.mouse.move(60, 645, { steps: 4 });
    await page.mouse.up();
    await closed("swipe");

    await open();
    await page.getByRole("button", { name: "Close chats" }).click();
    await closed("close button");

    // Opening a chat from the drawer closes it too.
    await open();
    await conversations(page).getByRole("button", { name: /^Why is the sky blue/ }).click();
    await page.waitForFunction(() => !document.querySelector(".app").classList.contains("sidebar-open"));
    assert.match(await page.locator("h1.chat-title").innerText(), /sky blue/);
    assertNoPageErrors(page);
  });
});

describe("a list that scales", () => {
  const env = useEnv({ before, after, afterEach });

  it("chats sit under Today, Yesterday, Previous 7 days and Earlier; a search hit is plain text with the match marked", async () => {
    const page = await env.page();
    await seedDated(page);
    const nav = conversations(page);
    assert.deepEqual(await nav.getByRole("heading").allInnerTexts(), ["Today", "Yesterday", "Previous 7 days", "Earlier"]);
    assert.equal(await nav.getByRole("listitem").count(), 5, "one item per chat, headings inside");
    // The open chat's title uses the row's width (its icons overlay the end).
    const widths = await nav.locator(".chat-row.active").evaluate((row) => ({
      row: row.getBoundingClientRect().width,
      title: row.querySelector(".chat-item").getBoundingClientRect().width,
    }));
    assert.ok(widths.title >= widths.row - 1, JSON.stringify(widths));

    await page.getByLabel("Search chats").fill("CARGO");
    const snippet = nav.locator(".chat-snippet");
    await snippet.waitFor();
    assert.equal(await nav.getByRole("listitem").count(), 1);
    assert.equal(await snippet.locator("mark").innerText(), "cargo");
    const text = await snippet.innerText();
    assert.ok(text.startsWith("Tests Use cargo test to run them in a"), text);
    assert.ok(!/[*`#\[\]]/.test(text), `no markdown in the snippet: ${text}`);
    assertNoPageErrors(page);
  });

  it("Undo after a delete is a toast under the list that covers nothing", async () => {
    const page = await env.page();
    await seedDated(page);
    const nav = conversations(page);
    const row = nav.getByRole("listitem").filter({ hasText: "Sourdough" });
    await row.hover();
    await row.getByRole("button", { name: "Delete" }).click();
    const toast = page.getByRole("status").filter({ hasText: "Deleted" });
    await toast.waitFor();
    assert.equal(await toast.evaluate((t) => t.closest("aside") !== null), true, "in the sidebar, by the list");
    // Nothing of the chat is under it.
    const box = await toast.boundingBox();
    const under = await page.evaluate(
      ({ x, y }) => document.elementFromPoint(x, y)?.closest(".toast") !== null,
      { x: box.x + box.width / 2, y: box.y + box.height / 2 },
    );
    assert.ok(under, "the toast is on top of nothing but itself");
    const firstMessage = await page.locator("article").first().boundingBox();
    assert.ok(box.x + box.width <= firstMessage.x, "beside the chat, not over it");
    await toast.getByRole("button", { name: "Undo" }).click();
    await nav.getByRole("listitem").filter({ hasText: "Sourdough" }).waitFor();
    assertNoPageErrors(page);
  });
});

describe("screenshots", () => {
  const env = useEnv({ before, after, afterEach });

  for (const theme of THEMES) {
    for (const [size, viewport] of SIZES) {
      it(`${size}, ${theme}: empty state, a reply with math, the list with date groups and a search hit`, async () => {
        const page = await env.page({ viewport, colorScheme: theme });
        await shot(page, `firstminute-empty-${size}-${theme}`);
        await configure(page);
        await shot(page, `firstminute-starters-${size}-${theme}`);
        await send(page, "What is the integral of x² from 0 to 3? scenario:math");
        assert.equal(await waitSettled(page), "done");
        await page.locator("main .thread").evaluate((t) => (t.scrollTop = 0));
        await shot(page, `firstminute-math-${size}-${theme}`);

        await seedDated(page);
        if (size === "phone") {
          await page.getByRole("button", { name: "Chats", exact: true }).click();
          await focusedOn(page, "drawer-close");
          await drawerIn(page);
          await shot(page, `firstminute-drawer-${size}-${theme}`);
        }
        await shot(page, `firstminute-list-${size}-${theme}`);
        await page.getByLabel("Search chats").fill("cargo");
        await conversations(page).locator("mark").waitFor();
        await shot(page, `firstminute-search-${size}-${theme}`);
        assertNoPageErrors(page);
      });
    }
  }
});
