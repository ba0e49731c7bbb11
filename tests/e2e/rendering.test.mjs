// Rendering long and rich answers: highlighted code with an exact Copy, a
// table, math shown readably, and the scroll that follows the stream unless
// the reader scrolled up.
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { useEnv, configure, send, lastReply, waitSettled, shot, assertNoPageErrors, reloadApp } from "./harness.mjs";

const RUST_CODE = `use std::fs;

/// Counts the lines of a file.
fn count_lines(path: &str) -> std::io::Result<usize> {
    let text = fs::read_to_string(path)?;
    Ok(text.lines().count()) // 42 for the sample
}
`;

/** How far the thread's view is from its end, once two frames and a
 * moment have passed (a re-render settles). */
const settledGap = (page) =>
  page.locator(".thread").evaluate(
    (el) =>
      new Promise((done) =>
        requestAnimationFrame(() =>
          requestAnimationFrame(() => setTimeout(() => done(el.scrollHeight - el.scrollTop - el.clientHeight), 400)),
        ),
      ),
  );

describe("rendering", () => {
  const env = useEnv({ before, after, afterEach });

  it("code, table, task list and math look right; Copy copies the exact code", async () => {
    const page = await env.page();
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await configure(page);
    await send(page, "Show me everything scenario:showcase");
    assert.equal(await waitSettled(page), "done");
    const answer = lastReply(page).locator('[data-part="answer"]');

    const blocks = answer.locator(".code-block");
    assert.equal(await blocks.count(), 2);
    assert.equal((await blocks.first().locator(".code-lang").innerText()).toLowerCase(), "rust");
    assert.ok((await blocks.first().locator("pre code span[class^='tok-']").count()) > 5, "highlighted");
    assert.equal(await blocks.first().locator("pre code").textContent(), RUST_CODE);

    await blocks.first().getByRole("button", { name: /copy/i }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, RUST_CODE, "Copy gives the code exactly");

    assert.equal(await answer.locator("table tbody tr").count(), 2);
    assert.equal(await answer.locator("input[type=checkbox]").count(), 2);
    const math = answer.locator(".math");
    assert.ok((await math.count()) >= 3);
    const inline = (await math.first().innerText()).trim();
    assert.ok(!inline.includes("\\frac"), `math is shown readably: ${inline}`);
    assert.match(await math.first().getAttribute("title"), /\\frac/);
    await shot(page, "render-showcase");
    await math.last().scrollIntoViewIfNeeded();
    await shot(page, "render-showcase-math");

    await page.emulateMedia({ colorScheme: "dark" });
    await shot(page, "render-showcase-dark");
    assertNoPageErrors(page);
  });

  it("a long streamed answer: follows the stream, stops following when scrolled up, Jump to latest returns", async () => {
    const page = await env.page({ viewport: { width: 1000, height: 700 } });
    await configure(page);
    await send(page, "A long one scenario:paced-20k");
    const reply = lastReply(page);
    await reply.waitFor();
    const scroller = page.locator(".thread");
    // Measured in a frame, right after the app's own resize handling (a
    // ResizeObserver made later is called later in the same frame): text
    // that arrived since the last frame is not laid out yet, and a loaded
    // machine may let several chunks pile up between frames, so a
    // measurement at an arbitrary moment would be flaky.
    const gap = () =>
      scroller.evaluate(
        (el) =>
          new Promise((done) => {
            const watch = new ResizeObserver(() => {
              watch.disconnect();
              done(el.scrollHeight - el.scrollTop - el.clientHeight);
            });
            watch.observe(el.querySelector(".messages"));
          }),
      );

    // While it streams and the reader has not scrolled, the newest text stays in view.
    await page.waitForFunction(() => (document.querySelector('[data-part="answer"]')?.textContent.length ?? 0) > 4000);
    assert.ok((await gap()) < 120, `following: gap ${await gap()}`);

    // Scroll up: the page stays where the reader is, and offers a way back.
    await scroller.evaluate((el) => el.scrollTo(0, 0));
    await scroller.dispatchEvent("scroll");
    const jump = page.getByRole("button", { name: "Jump to latest" });
    await jump.waitFor();
    await page.waitForTimeout(400);
    assert.ok((await scroller.evaluate((el) => el.scrollTop)) < 50, "not pulled back down");
    await shot(page, "render-long-scrolled-up");

    await jump.click();
    await page.waitForTimeout(300);
    { const g = await gap(); assert.ok(g < 120, `back at the latest: gap ${g}`); }
    assert.equal(await waitSettled(page, 60000), "done");
    assert.ok((await gap()) < 120, "still following at the end");
    await shot(page, "render-long-done");

    // Typing several lines grows the composer and shrinks the view: the end
    // of the answer stays in sight.
    const box = page.getByRole("textbox", { name: "Message" });
    await box.fill("one\ntwo\nthree\nfour\nfive\nsix\nseven");
    assert.ok((await box.evaluate((el) => el.offsetHeight)) > 100, "the composer grew");
    assert.ok((await gap()) < 120, `still at the end with a tall composer: gap ${await gap()}`);
    assertNoPageErrors(page);
  });

  it("a long answer reopened starts at its end, and Jump to latest reaches the end", async () => {
    // A reopened chat may first show its answers as plain text, re-rendered
    // when the renderer module arrives: that change of height is nobody's
    // scrolling, and the view must land at the real end.
    const page = await env.page({ viewport: { width: 1000, height: 700 } });
    await configure(page);
    await send(page, "A long one scenario:long-200k");
    assert.equal(await waitSettled(page, 120000), "done");
    await reloadApp(page);
    const answer = lastReply(page).locator('[data-part="answer"]');
    await answer.locator("h2, p").first().waitFor();
    const scroller = page.locator(".thread");
    const jump = page.getByRole("button", { name: "Jump to latest" });
    { const g = await settledGap(page); assert.ok(g < 120, `opened at the end: gap ${g}`); }
    assert.equal(await jump.isVisible(), false, "no Jump to latest when already there");
    const end = await answer.evaluate((el) => el.textContent.slice(-40));
    assert.ok(await page.getByText(end.trim().split("\n").pop().slice(-20)).last().isVisible(), "the last words are in view");

    // Up to the top, then back down with the button.
    await scroller.evaluate((el) => el.scrollTo(0, 0));
    await scroller.dispatchEvent("scroll");
    await jump.waitFor();
    await jump.click();
    { const g = await settledGap(page); assert.ok(g < 120, `Jump to latest reached the end: gap ${g}`); }
    assert.equal(await jump.isVisible(), false, "the button goes once at the end");
    await shot(page, "render-long-reopened");
    assertNoPageErrors(page);
  });

  it("switching back and forth between two long chats lands at the end of each, every time", async () => {
    // A kept answer view put back on the page lays its blocks out as they
    // come into view, each a new height: the page's own doing, not the
    // reader's, so the view must still end at the answer's end.
    const page = await env.page({ viewport: { width: 1000, height: 700 } });
    await configure(page);
    await send(page, "First long scenario:bulk-1");
    assert.equal(await waitSettled(page, 120000), "done");
    await page.getByRole("button", { name: "New chat" }).click();
    await send(page, "Second long scenario:bulk-1");
    assert.equal(await waitSettled(page, 120000), "done");
    const nav = page.getByRole("navigation", { name: "Conversations" });
    for (let i = 0; i < 6; i++) {
      const title = i % 2 === 0 ? "First long scenario:bulk-1" : "Second long scenario:bulk-1";
      await nav.getByRole("button", { name: title }).click();
      await page.waitForFunction((t) => document.querySelector(".chat-title")?.textContent === t, title);
      const gap = await settledGap(page);
      assert.ok(gap < 120, `switch ${i + 1} to "${title}": gap ${gap}`);
    }
    assertNoPageErrors(page);
  });
});
