// Shared set-up for the end-to-end tests: the release build in dist/ served by
// the mock MiniMax server (same origin), and headless Chromium driven through
// playwright-core. Tests talk to the page through labels and roles only.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, "..", "..");
export const shots = join(here, "screenshots");
mkdirSync(shots, { recursive: true });

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const MOCK = process.env.MOCK_BIN || join(root, "target", "release", "mock-minimax");

/** Start the mock server on a free port, serving dist/. Resolves to {url, stop}. */
export function startMock() {
  return new Promise((resolve, reject) => {
    const proc = spawn(MOCK, ["--port", "0", "--static", join(root, "dist"), "--quiet"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let buf = "";
    const timer = setTimeout(() => reject(new Error("mock server did not start")), 15000);
    proc.stdout.on("data", (d) => {
      buf += d.toString();
      const m = buf.match(/listening on (http:\/\/[^\s]+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1].replace(/\/$/, ""), stop: () => proc.kill() });
      }
    });
    proc.on("exit", (code) => reject(new Error(`mock server exited with ${code}`)));
  });
}

/** Launch headless Chromium with the flags that work on this machine. */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), "mmchat-e2e-"));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A fresh page (own storage) with the app loaded and ready. */
export async function openApp(browser, url, { context } = {}) {
  const ctx = context || (await browser.newContext({ viewport: { width: 1200, height: 860 } }));
  const page = await ctx.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(String(e)));
  page.on("dialog", (d) => {
    page.errors.push(`unexpected dialog: ${d.message()}`);
    d.dismiss();
  });
  await page.goto(url + "/");
  await page.getByRole("textbox", { name: "Message" }).waitFor();
  return page;
}

/** Open Settings, fill key and base URL, optionally the model, close. */
export async function configure(page, { key = "test-key-not-secret", baseUrl = "/api/demo/v1", model } = {}) {
  await page.getByRole("button", { name: "Settings" }).click();
  await page.getByLabel("API key").fill(key);
  await page.getByLabel("Base URL").fill(baseUrl);
  await page.getByLabel("Base URL").press("Tab");
  if (model) await page.getByLabel("Model").selectOption(model);
  await page.getByRole("button", { name: "Close" }).click();
}

/** Type a message and press Enter. */
export async function send(page, text) {
  const box = page.getByRole("textbox", { name: "Message" });
  await box.fill(text);
  await box.press("Enter");
}

/** The newest assistant article. */
export function lastReply(page) {
  return page.locator('article[data-message-role="assistant"]').last();
}

/** Wait until the newest reply leaves "streaming"; returns its status. */
export async function waitSettled(page, timeout = 20000) {
  const reply = lastReply(page);
  await reply.waitFor();
  await page.waitForFunction(
    () => {
      const all = document.querySelectorAll('article[data-message-role="assistant"]');
      const last = all[all.length - 1];
      return last && last.getAttribute("data-status") !== "streaming";
    },
    null,
    { timeout },
  );
  return reply.getAttribute("data-status");
}

export async function shot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: false });
}
