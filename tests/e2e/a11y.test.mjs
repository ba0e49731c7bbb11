// Accessibility: axe-core (WCAG 2.x A and AA rules, and its best practices)
// on the main screen, Settings, Export, the Keyboard shortcuts dialog and an
// error with its action, in the light and the dark theme: no serious or
// critical violation. Also the focus ring: 2 px on everything focusable,
// the message box included.
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { useEnv, configure, send, waitSettled, thinkingToggle, lastReply, assertNoPageErrors } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/**
 * Run axe in the page. Its source goes in through the DevTools protocol
 * (`page.evaluate`), which the page's Content-Security-Policy does not
 * govern, so the CSP stays as it ships.
 */
async function axe(page, what) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 4).map((n) => n.target.join(" ") + " " + (n.failureSummary || "").replace(/\s+/g, " ")).join("\n    ")}`);
  assert.deepEqual(report, [], `${what}: axe found serious or critical violations`);
}

for (const colorScheme of ["light", "dark"]) {
  describe(`accessibility, ${colorScheme} theme`, () => {
    const env = useEnv({ before, after, afterEach });

    it("the main screen with a reply, its thinking open", async () => {
      const page = await env.page({ colorScheme });
      await configure(page);
      await send(page, "Hello scenario:usage");
      await waitSettled(page);
      await thinkingToggle(lastReply(page)).click();
      await axe(page, "main screen");
      assertNoPageErrors(page);
    });

    it("Settings, Export and Keyboard shortcuts dialogs", async () => {
      const page = await env.page({ colorScheme });
      await page.getByRole("button", { name: "Settings" }).click();
      await page.getByRole("dialog", { name: "Settings" }).waitFor();
      await axe(page, "Settings");
      await page.keyboard.press("Escape");
      await page.getByRole("button", { name: "Export" }).click();
      await page.getByRole("dialog", { name: "Export chats" }).waitFor();
      await axe(page, "Export");
      await page.keyboard.press("Escape");
      await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
      await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor();
      await axe(page, "Keyboard shortcuts");
      assertNoPageErrors(page);
    });

    it("an error with its action, and the context warning", async () => {
      const page = await env.page({ colorScheme });
      await configure(page, { model: "MiniMax-M2.7" });
      await send(page, "Big scenario:near-limit");
      await waitSettled(page);
      await page.locator(".context-warning").waitFor();
      await send(page, "Fail scenario:err-402");
      await waitSettled(page);
      await lastReply(page).getByRole("link", { name: "Open your MiniMax account" }).waitFor();
      await send(page, "Fail again scenario:err-context");
      await waitSettled(page);
      await axe(page, "error");
      assertNoPageErrors(page);
    });

    it("every focusable element shows a 2 px focus ring, the message box too", async () => {
      const page = await env.page({ colorScheme });
      await configure(page);
      await send(page, "Hi scenario:basic");
      await waitSettled(page);
      const rings = [];
      // Tab through the page: each stop must draw an outline of 2 px or more,
      // on itself or (the message box) on its frame.
      await page.locator("body").press("Tab");
      for (let i = 0; i < 30; i++) {
        rings.push(
          await page.evaluate(() => {
            const el = document.activeElement;
            // Past the last stop, focus leaves for the browser: the body.
            if (!el || el === document.body) return null;
            const width = (e) => {
              const s = getComputedStyle(e);
              return s.outlineStyle === "none" ? 0 : parseFloat(s.outlineWidth);
            };
            const frame = el.closest(".composer-box");
            return { what: el.getAttribute("aria-label") || el.textContent.trim().slice(0, 20) || el.id || el.tagName, px: Math.max(width(el), frame ? width(frame) : 0) };
          }),
        );
        await page.keyboard.press("Tab");
      }
      const thin = rings.filter((r) => r && r.px < 2);
      assert.deepEqual(thin, [], "focus rings under 2 px");
      assert.ok(rings.some((r) => r?.what === "message"), "the message box was reached");
      assert.ok(rings.filter(Boolean).length >= 15, `enough stops: ${JSON.stringify(rings)}`);
      assertNoPageErrors(page);
    });
  });
}
