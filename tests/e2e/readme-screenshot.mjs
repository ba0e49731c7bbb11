// Redraws docs/screenshot.png, the README's picture: the release build
// against the mock server at a desktop size in the light theme, a chat with
// its thinking open and a formatted answer (the mock's `showcase` reply).
// Not a test, and not run by the test command (which runs *.test.mjs).
//
//   trunk build --release && cargo build --release -p mock-minimax
//   node tests/e2e/readme-screenshot.mjs
import { join } from "node:path";
import { launch, lastReply, openApp, root, send, startMock, thinkingToggle, waitSettled } from "./harness.mjs";

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

  // Two earlier chats, so the list is not empty.
  await chat(page, "Suggest a name for a rust-coloured cat", "basic");
  await page.getByRole("button", { name: "New chat" }).click();
  await chat(page, "What is the capital of Australia?", "basic");
  await page.getByRole("button", { name: "New chat" }).click();
  await chat(page, "Show me some code, a small table and a formula", "showcase");

  await thinkingToggle(lastReply(page)).click();
  await page.locator(".thread").evaluate((el) => el.scrollTo(0, 0));
  // Scrolled up, the thread offers "Jump to latest": a passing control, not
  // part of the picture.
  await page.getByRole("button", { name: "Jump to latest" }).evaluate((el) => (el.style.visibility = "hidden"));
  await page.mouse.move(0, VIEWPORT.height - 1);
  await page.waitForTimeout(300);
  await page.screenshot({ path: OUT });
  console.log(`wrote ${OUT}`);
} finally {
  await close();
  mock.stop();
}
