// Layout and appearance: the settings dialog, a phone-width screen, the dark
// theme (from the system and from the Theme select), readable contrast.
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { useEnv, configure, send, lastReply, waitSettled, shot, thinkingToggle, assertNoPageErrors } from "./harness.mjs";

/**
 * In the page: for each selector, the text colour, the effective background
 * (first opaque ancestor background) and their WCAG contrast ratio.
 */
function colours(selectors) {
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const lum = ({ r, g, b }) => {
    const f = (v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const out = {};
  for (const sel of selectors) {
    const el = document.querySelector(sel);
    if (!el) {
      out[sel] = null;
      continue;
    }
    const fg = parse(getComputedStyle(el).color);
    let bg = null;
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0.5) {
        bg = c;
        break;
      }
    }
    // Nothing opaque: the canvas, which follows the used color-scheme.
    if (!bg) {
      const dark = getComputedStyle(document.documentElement).colorScheme.includes("dark") && matchMedia("(prefers-color-scheme: dark)").matches;
      bg = dark ? { r: 18, g: 18, b: 18 } : { r: 255, g: 255, b: 255 };
    }
    const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    out[sel] = { fg, bg, bgLum: lum(bg), ratio: (l1 + 0.05) / (l2 + 0.05) };
  }
  return out;
}

const READABLE = [
  'article[data-message-role="assistant"] [data-part="answer"] p',
  'article[data-message-role="assistant"] [data-part="thinking"]',
  'article[data-message-role="user"]',
  "textarea#message",
];

async function replyWithThinkingOpen(page, scenario = "basic") {
  await configure(page);
  await send(page, `Show me scenario:${scenario}`);
  assert.equal(await waitSettled(page), "done");
  await thinkingToggle(lastReply(page)).click();
  await lastReply(page).locator('[data-part="thinking"]').waitFor({ state: "visible" });
}

function assertReadable(c, theme) {
  for (const sel of READABLE) {
    assert.ok(c[sel], `${theme}: ${sel} present`);
    assert.ok(c[sel].ratio >= 4.5, `${theme}: ${sel} contrast ${c[sel].ratio.toFixed(2)} < 4.5 (${JSON.stringify(c[sel])})`);
  }
}

describe("layout", () => {
  const env = useEnv({ before, after, afterEach });

  it("settings dialog: opens as a dialog with the contract's fields, Close closes it", async () => {
    const page = await env.page();
    await page.getByRole("button", { name: "Settings" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    assert.equal(await page.getByLabel("API key").getAttribute("type"), "password");
    for (const label of ["Base URL", "Model", "System prompt", "Temperature", "Top P", "Max output tokens", "Thinking", "Theme"]) {
      assert.equal(await dialog.getByLabel(label, { exact: true }).count(), 1, `field ${label}`);
    }
    for (const preset of ["MiniMax Global", "MiniMax China", "Local proxy", "Local proxy (China)", "Local demo"]) {
      await dialog.getByRole("button", { name: preset, exact: true }).waitFor();
    }
    await dialog.getByRole("button", { name: "MiniMax China" }).click();
    assert.equal(await page.getByLabel("Base URL").inputValue(), "https://api.minimaxi.com/v1");
    await dialog.getByRole("button", { name: "Local demo" }).click();
    // The dialog fits the window.
    const box = await dialog.boundingBox();
    const vp = page.viewportSize();
    assert.ok(box.width <= vp.width && box.x >= 0, `dialog within the window: ${JSON.stringify(box)}`);
    await shot(page, "settings-dialog");
    await dialog.getByRole("button", { name: "Close" }).click();
    await dialog.waitFor({ state: "hidden" });
    assertNoPageErrors(page);
  });

  it("the page loads with no console errors (CSP parse errors, missing files)", async () => {
    const page = await env.page();
    await page.waitForTimeout(500);
    // "Failed to load resource" lines carry no URL: checked via badResponses,
    // where favicon.ico (asked for only sometimes by headless Chromium) is let go.
    assert.deepEqual(
      page.console.filter((m) => !m.startsWith("Failed to load resource")),
      [],
      "console errors on load",
    );
    assert.deepEqual(
      page.badResponses.filter((r) => !r.endsWith("/favicon.ico")),
      [],
      "app files that failed to load",
    );
    assertNoPageErrors(page);
  });

  it("Thinking control is offered for M3 only", async () => {
    const page = await env.page();
    await page.getByRole("button", { name: "Settings" }).click();
    await page.getByLabel("Model").selectOption("MiniMax-M3");
    assert.equal(await page.getByLabel("Thinking", { exact: true }).count(), 1);
    await page.getByLabel("Model").selectOption("MiniMax-M2.7");
    assert.equal(await page.getByLabel("Thinking", { exact: true }).count(), 0, "no Thinking control for M2.7");
    assertNoPageErrors(page);
  });

  it("phone width (390×844): a reply fits, no sideways scrolling, composer usable", async () => {
    const page = await env.page({ viewport: { width: 390, height: 844 } });
    await configure(page);
    await send(page, "Hello on a phone scenario:fast");
    assert.equal(await waitSettled(page), "done");
    const reply = lastReply(page);
    const overflow = await page.evaluate(() => ({
      doc: document.documentElement.scrollWidth,
      body: document.body.scrollWidth,
      win: window.innerWidth,
    }));
    assert.ok(overflow.doc <= overflow.win && overflow.body <= overflow.win, `no horizontal overflow: ${JSON.stringify(overflow)}`);
    const rb = await reply.boundingBox();
    assert.ok(rb.x >= 0 && rb.x + rb.width <= 390 + 0.5, `reply within the screen: ${JSON.stringify(rb)}`);
    // Wide content (code block, table) scrolls inside itself, not the page.
    const wide = await reply.evaluate((a) =>
      [...a.querySelectorAll("pre, table")].map((e) => {
        const r = e.getBoundingClientRect();
        return { tag: e.tagName, right: r.right };
      }),
    );
    for (const w of wide) assert.ok(w.right <= 390 + 0.5, `${w.tag} within the screen (${w.right})`);
    const box = page.getByRole("textbox", { name: "Message" });
    assert.ok(await box.isVisible());
    const sendBtn = page.getByRole("button", { name: "Send" });
    assert.ok(await sendBtn.isVisible());
    const sb = await sendBtn.boundingBox();
    assert.ok(sb.x + sb.width <= 390 && sb.y + sb.height <= 844, "Send on screen");
    await page.getByRole("button", { name: "Settings" }).waitFor();
    await shot(page, "phone-reply");
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByRole("button", { name: "Settings" }).click();
    await shot(page, "phone-settings");
    assertNoPageErrors(page);
  });

  it("dark system theme: dark background, readable text", async () => {
    const page = await env.page({ colorScheme: "dark" });
    await replyWithThinkingOpen(page);
    const c = await page.evaluate(colours, READABLE);
    const answerBg = c[READABLE[0]].bgLum;
    assert.ok(answerBg < 0.2, `dark background behind the answer (luminance ${answerBg.toFixed(3)})`);
    assertReadable(c, "dark");
    await shot(page, "dark-reply");
    assertNoPageErrors(page);
  });

  it("light system theme: light background, readable text", async () => {
    const page = await env.page({ colorScheme: "light" });
    await replyWithThinkingOpen(page);
    const c = await page.evaluate(colours, READABLE);
    assert.ok(c[READABLE[0]].bgLum > 0.5, "light background behind the answer");
    assertReadable(c, "light");
    assertNoPageErrors(page);
  });

  it("Theme select overrides the system: Dark on a light system, Light on a dark one, kept on reload", async () => {
    const page = await env.page({ colorScheme: "light" });
    await replyWithThinkingOpen(page);
    await page.getByRole("button", { name: "Settings" }).click();
    await page.getByLabel("Theme").selectOption({ label: "Dark" });
    await page.getByRole("button", { name: "Close" }).click();
    let c = await page.evaluate(colours, READABLE);
    assert.ok(c[READABLE[0]].bgLum < 0.2, "Theme Dark gives a dark background");
    assertReadable(c, "theme dark");
    await shot(page, "dark-theme-select");

    await page.reload();
    await lastReply(page).waitFor();
    c = await page.evaluate(colours, [READABLE[0]]);
    assert.ok(c[READABLE[0]].bgLum < 0.2, "Theme Dark kept after reload");

    await page.emulateMedia({ colorScheme: "dark" });
    await page.getByRole("button", { name: "Settings" }).click();
    await page.getByLabel("Theme").selectOption({ label: "Light" });
    await page.getByRole("button", { name: "Close" }).click();
    await thinkingToggle(lastReply(page)).click();
    c = await page.evaluate(colours, READABLE);
    assert.ok(c[READABLE[0]].bgLum > 0.5, "Theme Light gives a light background on a dark system");
    assertReadable(c, "theme light");
    assertNoPageErrors(page);
  });

  it("error and note states are visible in the dark theme", async () => {
    const page = await env.page({ colorScheme: "dark" });
    await configure(page);
    await send(page, "Fail scenario:err-529");
    assert.equal(await waitSettled(page), "error");
    const alertSel = 'article[data-message-role="assistant"] [role="alert"]';
    const c = await page.evaluate(colours, [alertSel]);
    assert.ok(c[alertSel].ratio >= 4.5, `alert contrast ${c[alertSel].ratio.toFixed(2)}`);
    await shot(page, "dark-error");
    assertNoPageErrors(page);
  });
});
