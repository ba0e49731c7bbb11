import { chromium } from "playwright-core";
import { startMock } from "/work/main/tests/e2e/mock.mjs";
const mock = await startMock();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
const page = await browser.newPage({ viewport: { width: 1200, height: 860 } });
await page.goto(mock.url + "/");
await page.getByRole("textbox", { name: "Message" }).waitFor();
const pad = "Lorem ipsum dolor sit amet. ".repeat(300);
const chats = Array.from({ length: 300 }, (_, i) => ({ id: `c${i}`, title: `Imported chat ${i}`, title_is_custom: true, created_ms: 1.7e12 + i, updated_ms: 1.7e12 + i, messages: [{ id: "u", role: "user", content: "Question " + i }, { id: "a", role: "assistant", content: pad }] }));
const text = JSON.stringify({ format: "minimax-chat", version: 3, chats });
await page.evaluate((t) => { window.__file = new File([t], "big.json", { type: "application/json" }); }, text);
await page.getByLabel("Import file").evaluate((input) => {
  const dt = new DataTransfer(); dt.items.add(window.__file); input.files = dt.files;
  input.dispatchEvent(new Event("change", { bubbles: true }));
});

await page.waitForFunction(() => [...document.querySelectorAll('[role="status"]')].some((s) => /Reading the file|Saving/.test(s.textContent)), null, { polling: "raf" });
await page.screenshot({ path: "/tmp/import-progress.png" });
const disabled = await page.getByRole("button", { name: "Import" }).isDisabled();
await page.getByRole("status").filter({ hasText: /Imported/ }).waitFor();
await page.screenshot({ path: "/tmp/import-done.png" });
console.log("disabled while running:", disabled, await page.getByRole("status").filter({ hasText: /Imported/ }).textContent());
await browser.close(); mock.stop();
