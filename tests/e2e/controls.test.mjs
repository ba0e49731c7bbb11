// The rest of the controls: deleting one message with Undo, copying the
// thinking, pasting and dropping images into the composer, keyboard
// shortcuts and their dialog, dialogs that keep and return focus, and the
// finished reply read out once.
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { useEnv, configure, send, lastReply, waitSettled, partText, shot, assertNoPageErrors } from "./harness.mjs";

/** In the page: a PNG file made on a canvas, put in a new DataTransfer. */
async function imageTransfer(page) {
  return page.evaluateHandle(async () => {
    const c = document.createElement("canvas");
    c.width = 40;
    c.height = 30;
    c.getContext("2d").fillRect(0, 0, 40, 30);
    const blob = await new Promise((r) => c.toBlob(r, "image/png"));
    const dt = new DataTransfer();
    dt.items.add(new File([blob], "shot.png", { type: "image/png" }));
    return dt;
  });
}

/** The accessible name of the focused element, or its tag. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el?.getAttribute("aria-label") || el?.textContent?.trim() || el?.id || el?.tagName;
  });
}

describe("controls", () => {
  const env = useEnv({ before, after, afterEach });

  it("Delete removes one message, and Undo brings it back", async () => {
    const page = await env.page();
    await configure(page);
    await send(page, "First scenario:basic");
    await waitSettled(page);
    await send(page, "Second scenario:basic");
    await waitSettled(page);
    const articles = page.locator("article[data-message-role]");
    assert.equal(await articles.count(), 4);
    await articles.nth(1).getByRole("button", { name: "Delete" }).click();
    await page.waitForFunction(() => document.querySelectorAll("article[data-message-role]").length === 3);
    const banner = page.getByRole("status").filter({ hasText: "Deleted a reply." });
    await banner.waitFor();
    await shot(page, "delete-undo");
    await banner.getByRole("button", { name: "Undo" }).click();
    await page.waitForFunction(() => document.querySelectorAll("article[data-message-role]").length === 4);
    await page.locator('article[data-message-role="user"]').first().getByRole("button", { name: "Delete" }).click();
    await page.getByRole("status").filter({ hasText: "Deleted your message." }).waitFor();
    assert.equal(await articles.count(), 3);
    // Kept after a reload.
    await page.reload();
    await page.locator("article[data-message-role]").nth(2).waitFor();
    assert.equal(await page.locator("article[data-message-role]").count(), 3);
    assertNoPageErrors(page);
  });

  it("Thinking to clipboard copies the thinking, Copy the answer", async () => {
    const page = await env.page();
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await configure(page);
    await send(page, "Think scenario:basic");
    await waitSettled(page);
    const reply = lastReply(page);
    await reply.getByRole("button", { name: "Thinking to clipboard" }).click();
    // The answer's Copy is the only button of that name in the article.
    assert.equal(await reply.getByRole("button", { name: "Copy" }).count(), 1);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await partText(reply, "thinking"));
    // Copy gives the answer as written (markdown), the thinking not with it.
    await reply.getByRole("button", { name: "Copy", exact: true }).click();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), "Hello! **How can I help** today?");
    assertNoPageErrors(page);
  });

  it("an image pasted into the message box, or dropped on the composer, is attached", async () => {
    const page = await env.page();
    await configure(page);
    const pasted = await imageTransfer(page);
    await page.evaluate((dt) => {
      const ev = new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true });
      document.querySelector("textarea#message").dispatchEvent(ev);
    }, pasted);
    await page.getByRole("img", { name: "Attached image 1" }).waitFor();
    const dropped = await imageTransfer(page);
    await page.evaluate((dt) => {
      const form = document.querySelector("form.composer");
      form.dispatchEvent(new DragEvent("dragover", { dataTransfer: dt, bubbles: true, cancelable: true }));
      form.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, dropped);
    await page.getByRole("img", { name: "Attached image 2" }).waitFor();
    // Pasting text is still plain typing.
    await page.getByRole("textbox", { name: "Message" }).fill("Two pictures scenario:basic");
    await page.getByRole("textbox", { name: "Message" }).press("Enter");
    assert.equal(await waitSettled(page), "done");
    assert.equal(await page.locator('article[data-message-role="user"] img').count(), 2);
    assertNoPageErrors(page);
  });

  it("keyboard shortcuts: ? lists them, / focuses the box, Ctrl+K searches, Ctrl+Shift+O starts a chat, Esc stops", async () => {
    const page = await env.page();
    await configure(page);
    await send(page, "Long one scenario:slow");
    await page.locator('article[data-message-role="assistant"][data-status="streaming"]').waitFor();
    // Esc outside any field (and in the message box too) stops the reply.
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press("Escape");
    assert.equal(await waitSettled(page), "stopped");

    await page.locator(".chat-title").click();
    await page.keyboard.press("?");
    const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await dialog.waitFor();
    for (const what of ["New chat", "Focus the message box", "Stop the reply", "Search chats", "Show these shortcuts"]) {
      assert.ok(await dialog.getByRole("cell", { name: what }).isVisible(), what);
    }
    await shot(page, "shortcuts-dialog");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    // Typing ? in the message box is just typing.
    await page.keyboard.press("/");
    assert.equal(await page.evaluate(() => document.activeElement.id), "message");
    await page.keyboard.type("?");
    assert.equal(await page.getByRole("textbox", { name: "Message" }).inputValue(), "?");
    assert.equal(await dialog.count(), 0);
    await page.keyboard.press("Control+k");
    assert.equal(await focused(page), "Search chats");
    await page.keyboard.press("Control+Shift+O");
    await page.waitForFunction(() => document.querySelector(".chat-title")?.textContent === "New chat");
    assert.equal(await page.evaluate(() => document.activeElement.id), "message");
    await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
    await dialog.waitFor();
    assertNoPageErrors(page);
  });

  it("a dialog keeps focus inside while open and gives it back when closed", async () => {
    const page = await env.page();
    const opener = page.getByRole("button", { name: "Settings" });
    await opener.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Settings" });
    await dialog.waitFor();
    assert.equal(await focused(page), "api-key", "focus moves into the dialog");
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press(i % 3 === 0 ? "Shift+Tab" : "Tab");
      const inside = await page.evaluate(() => !!document.activeElement?.closest('[role="dialog"]'));
      assert.ok(inside, `focus left the dialog after ${i + 1} presses`);
    }
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    assert.equal(await focused(page), "Settings", "focus is back on the opener");
    assertNoPageErrors(page);
  });

  it("a finished reply is announced once, whole; the article is busy while it streams", async () => {
    const page = await env.page();
    await configure(page);
    await send(page, "Read it scenario:slow");
    const reply = lastReply(page);
    await page.locator('article[aria-busy="true"]').waitFor();
    const live = page.locator('main [aria-live="polite"]');
    assert.equal(await live.innerText(), "", "nothing is announced while it streams");
    await waitSettled(page, 30000);
    assert.equal(await reply.getAttribute("aria-busy"), null);
    assert.match(await live.textContent(), /^Reply: Word 1 Word 2/);
    assertNoPageErrors(page);
  });
});
