// Headless Chromium for the hosting tests, through the end-to-end tests'
// harness (the same launch flags and page recorders).
import assert from "node:assert/strict";
import { launch, openApp, send, waitSettled, lastReply, partText } from "../e2e/harness.mjs";

/** Runs `fn(browser)` with a fresh headless Chromium, closed afterwards. */
export async function withBrowser(fn) {
  const { browser, close } = await launch();
  try {
    return await fn(browser);
  } finally {
    await close();
  }
}

/**
 * The page's console errors, less one "Failed to load resource" line for each
 * same-origin preset probe that found nothing (a 404 for …/v1/models is how
 * a host without that proxy answers; the browser logs it).
 */
export function unexpectedConsoleErrors(page) {
  const probes = page.badResponses.filter((r) => /^404 \S+\/v1\/models$/.test(r));
  assert.deepEqual(page.badResponses.filter((r) => !probes.includes(r)), [], "failed loads besides probes");
  let allowed = probes.length;
  return page.console.filter((m) => !(/^Failed to load resource: .*404/.test(m) && allowed-- > 0));
}

/**
 * Opens the app at `appUrl`, picks the "Local proxy" preset (offered only
 * when the page's origin answers it) or types `baseUrl`, and chats with the
 * mock's `basic` reply. Returns the page (its `console` holds any errors).
 */
export async function chatInBrowser(browser, appUrl, { baseUrl } = {}) {
  const page = await openApp(browser, appUrl);
  await page.getByRole("button", { name: "Settings" }).click();
  await page.getByLabel("API key").fill("test-key-not-secret");
  if (baseUrl) {
    await page.getByLabel("Base URL").fill(baseUrl);
    await page.getByLabel("Base URL").press("Tab");
  } else {
    await page.getByRole("button", { name: "Local proxy", exact: true }).click({ timeout: 10000 });
    assert.match(await page.getByLabel("Base URL").inputValue(), /^\.?\/api\/minimax\/v1$/);
  }
  await page.getByRole("button", { name: "Close" }).click();
  await send(page, "Hello through the host scenario:basic");
  assert.equal(await waitSettled(page), "done");
  assert.equal((await partText(lastReply(page), "answer"))?.trim(), "Hello! How can I help today?");
  assert.deepEqual(page.errors, [], "page errors");
  return page;
}
