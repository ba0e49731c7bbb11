// Redraws docs/screenshot.png, the README's picture: the release build
// against the mock server at a desktop size in the light theme, the chat list
// under its date headings and a chat with its thinking open and an answer
// with typeset math (the mock's `math` reply).
// Not a test, and not run by the test command (which runs *.test.mjs).
//
//   trunk build --release && cargo build --release -p mock-minimax
//   node tests/e2e/readme-screenshot.mjs
import { join } from "node:path";
import { launch, lastReply, openApp, seedDated, send, thinkingToggle, waitSettled } from "./harness.mjs";
import { root, startMock } from "./mock.mjs";

const OUT = join(root, "docs", "screenshot.png");
const VIEWPORT = { width: 1280, height: 960 };

/** Every chat request from now on gets `scenario` by query, so the message stays clean. */
async function replyWith(page, scenario) {
  await page.unroute("**/chat/completions").catch(() => {});
  await page.route("**/chat/completions", (route) => {
    const url = new URL(route.request().url());
    url.searchParams.set("scenario", scenario);
    return route.continue({ url: url.toString() });
  });
}

async function chat(page, text, scenario) {
  await replyWith(page, scenario);
  await send(page, text);
  const status = await waitSettled(page);
  if (status !== "done") throw new Error(`the ${scenario} reply ended as ${status}`);
}

const mock = await startMock();
const { browser, close } = await launch();
try {
  const page = await openApp(browser, mock.url, { viewport: VIEWPORT, colorScheme: "light" });
  await page.getByRole("button", { name: "Settings" }).click();
  await page.getByRole("button", { name: "Local demo" }).click();
  await page.getByRole("button", { name: "Close" }).click();

  // Earlier chats, so the list shows its date headings.
  await seedDated(page);
  await page.getByRole("button", { name: "New chat" }).click();
  await chat(page, "What is the integral of x² from 0 to 3?", "math");

  await thinkingToggle(lastReply(page)).click();
  await page.locator(".thread").evaluate((el) => el.scrollTo(0, 0));
  // When the chat is taller than the window, scrolled up, the thread offers
  // "Jump to latest": a passing control, not part of the picture.
  await page.waitForTimeout(300);
  await page.evaluate(() => {
    const jump = [...document.querySelectorAll("button")].find((b) => b.textContent.includes("Jump to latest"));
    if (jump) jump.style.visibility = "hidden";
  });
  await page.mouse.move(0, VIEWPORT.height - 1);
  await page.waitForTimeout(300);
  await page.screenshot({ path: OUT });
  console.log(`wrote ${OUT}`);
} finally {
  await close();
  mock.stop();
}
