// Attached images live in IndexedDB, not localStorage: thirty photos fit
// where localStorage would hold a handful; a chat stored by version 2 with
// its images inside is moved out without loss; an image whose record is
// gone shows as missing and the chat goes on; deleting a chat deletes its
// images (Undo brings them back); export carries them and import restores
// them; the storage meter counts both stores.
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useEnv, configure, send, waitSettled, reloadApp, shot, assertNoPageErrors } from "./harness.mjs";

const list = (page) => page.getByRole("navigation", { name: "Conversations" });
const userImages = (page) => page.locator('article[data-message-role="user"] img');

/** Records in the image store: [id, url length]. */
async function stored(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const req = indexedDB.open("mmchat-images", 1);
        req.onupgradeneeded = () => req.result.createObjectStore("images");
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction("images");
          const all = tx.objectStore("images").getAll();
          const keys = tx.objectStore("images").getAllKeys();
          tx.oncomplete = () => {
            db.close();
            resolve(keys.result.map((k, i) => [k, all.result[i].url.length]));
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

/** Wait until the image store holds `n` records. */
async function storedCount(page, n) {
  for (let i = 0; i < 100; i++) {
    if ((await stored(page)).length === n) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal((await stored(page)).length, n);
}

/** Characters our keys take in localStorage. */
async function localChars(page) {
  return page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith("mmchat:"))
      .reduce((n, k) => n + k.length + localStorage.getItem(k).length, 0),
  );
}

/** A photo-like PNG (noise, so it stays large as JPEG), `w` × `h`. */
async function photo(page, name, w, h, seed) {
  const base64 = await page.evaluate(
    ({ w, h, seed }) => {
      const c = document.createElement("canvas");
      c.width = w;
      c.height = h;
      const x = c.getContext("2d");
      const img = x.createImageData(w, h);
      let s = seed * 9301 + 49297;
      for (let i = 0; i < img.data.length; i += 4) {
        s = (s * 9301 + 49297) % 233280;
        const v = (s / 233280) * 255;
        img.data[i] = v;
        img.data[i + 1] = (v * 7) % 255;
        img.data[i + 2] = 255 - v;
        img.data[i + 3] = 255;
      }
      x.putImageData(img, 0, 0);
      return c.toDataURL("image/png").split(",")[1];
    },
    { w, h, seed },
  );
  return { name, mimeType: "image/png", buffer: Buffer.from(base64, "base64") };
}

async function sendPhotos(page, text, files) {
  await page.getByLabel("Attach image").setInputFiles(files);
  await page.getByRole("img", { name: `Attached image ${files.length}` }).waitFor({ timeout: 30000 });
  await send(page, text);
  assert.equal(await waitSettled(page), "done");
}

describe("images kept in IndexedDB", () => {
  const env = useEnv({ before, after, afterEach });

  it("thirty photos are attached without a storage failure, and all come back after a reload", async () => {
    const page = await env.page();
    await configure(page);
    const files = [];
    for (let i = 0; i < 4; i++) files.push(await photo(page, `p${i}.png`, 1600, 1200, i + 1));
    let sizes = 0;
    for (let n = 0; n < 30; n += 4) {
      const batch = files.slice(0, Math.min(4, 30 - n)).map((f, i) => ({ ...f, name: `photo-${n + i}.png` }));
      await sendPhotos(page, `Photos from ${n + 1} scenario:basic`, batch);
    }
    await storedCount(page, 30);
    for (const [, len] of await stored(page)) sizes += len;
    // More than localStorage could ever hold (about 5 million characters).
    assert.ok(sizes > 5_500_000, `the photos take ${sizes} characters`);
    assert.ok((await localChars(page)) < 100_000, "the chats stay small");
    assert.equal(await page.getByRole("alert").count(), 0, "no storage failure");
    await page.getByText(/^Images use /).waitFor();
    await shot(page, "images-thirty-photos");

    await reloadApp(page);
    await page.waitForFunction(() => document.querySelectorAll('article[data-message-role="user"] img').length === 30, null, {
      timeout: 30000,
    });
    const srcs = await userImages(page).evaluateAll((imgs) => imgs.map((i) => i.src.slice(0, 23)));
    assert.ok(srcs.every((s) => s === "data:image/jpeg;base64,"));
    // And they go with the next request.
    await env.resetRequests();
    await send(page, "All of them? scenario:basic");
    assert.equal(await waitSettled(page), "done");
    const messages = (await env.requests()).at(-1).body.messages;
    const parts = messages.filter((m) => Array.isArray(m.content)).flatMap((m) => m.content);
    assert.equal(parts.filter((p) => p.type === "image_url").length, 30);
    assertNoPageErrors(page);
  });

  it("a version 2 chat with its images inside is migrated to the image store without loss", async () => {
    const page = await env.page();
    const png = await page.evaluate(() => {
      const c = document.createElement("canvas");
      c.width = 32;
      c.height = 24;
      const x = c.getContext("2d");
      x.fillStyle = "#c33";
      x.fillRect(0, 0, 32, 24);
      return c.toDataURL("image/png");
    });
    await page.evaluate((png) => {
      const at = 1_718_000_000_000;
      const chat = (id, n) => ({
        id,
        title: "",
        title_is_custom: false,
        created_ms: at + n,
        updated_ms: at + n,
        model: "MiniMax-M3",
        params: { system_prompt: "", temperature: 1, top_p: 0.95, max_output_tokens: 8192, thinking: "adaptive" },
        messages: [
          { id: `u${n}`, role: "user", content: `Old picture ${n}`, images: [png], status: "done", timing: { started_ms: at, ended_ms: at } },
          { id: `a${n}`, role: "assistant", content: "A red rectangle.", status: "done", model: "MiniMax-M3", timing: { started_ms: at, ended_ms: at } },
        ],
      });
      localStorage.clear();
      localStorage.setItem("mmchat:schema", "2");
      localStorage.setItem("mmchat:chat:old1", JSON.stringify({ v: 2, chat: chat("old1", 1) }));
      localStorage.setItem("mmchat:chat:old2", JSON.stringify({ v: 2, chat: chat("old2", 2) }));
      localStorage.setItem(
        "mmchat:index",
        JSON.stringify({
          v: 2,
          open: "old2",
          chats: [
            { id: "old2", title: "Old picture 2", updated_ms: at + 2 },
            { id: "old1", title: "Old picture 1", updated_ms: at + 1 },
          ],
        }),
      );
    }, png);
    await reloadApp(page);
    await userImages(page).first().waitFor();
    assert.equal(await userImages(page).first().getAttribute("src"), png);
    // Both chats are moved: the open one first, the other once read.
    await storedCount(page, 2);
    await page.waitForFunction(() =>
      ["old1", "old2"].every((id) => {
        const raw = localStorage.getItem(`mmchat:chat:${id}`);
        return raw.startsWith('{"v":3,') && raw.includes('"img:') && !raw.includes("base64");
      }),
    );
    for (const [, len] of await stored(page)) assert.equal(len, png.length);

    await reloadApp(page);
    await list(page).getByRole("button", { name: "Old picture 1" }).click();
    await page.locator('article[data-message-role="user"]').filter({ hasText: "Old picture 1" }).locator("img").waitFor();
    assert.equal(await userImages(page).first().getAttribute("src"), png);
    assertNoPageErrors(page);
  });

  it("a missing image shows as missing; deleting a chat deletes its images and Undo brings them back", async () => {
    const page = await env.page();
    await configure(page);
    await sendPhotos(page, "Keep this one scenario:basic", [await photo(page, "a.png", 80, 60, 1)]);
    await page.getByRole("button", { name: "New chat" }).click();
    await sendPhotos(page, "Delete this one scenario:basic", [await photo(page, "b.png", 80, 60, 2), await photo(page, "c.png", 80, 60, 3)]);
    await storedCount(page, 3);

    const row = list(page).getByRole("listitem").filter({ hasText: "Delete this one" });
    await row.getByRole("button", { name: "Delete", exact: true }).click();
    await storedCount(page, 1);
    await page.getByRole("button", { name: "Undo" }).click();
    await storedCount(page, 3);
    await list(page).getByRole("button", { name: /^Delete this one/ }).click();
    await page.waitForFunction(() => document.querySelectorAll('article[data-message-role="user"] img').length === 2);

    // The image store is emptied behind the app's back.
    await page.evaluate(() => new Promise((r) => {
      const req = indexedDB.deleteDatabase("mmchat-images");
      req.onsuccess = req.onerror = req.onblocked = () => r();
    }));
    await reloadApp(page);
    const missing = page.getByText("(image missing: its stored copy was not found)");
    await missing.first().waitFor();
    assert.equal(await missing.count(), 2);
    await shot(page, "images-missing");
    // The chat goes on.
    await env.resetRequests();
    await send(page, "Still here? scenario:basic");
    assert.equal(await waitSettled(page), "done");
    const first = (await env.requests()).at(-1).body.messages[0];
    assert.equal(first.content, "Delete this one scenario:basic");
    assertNoPageErrors(page);
  });

  it("export carries the images and import into a fresh browser restores them", async () => {
    const page = await env.page();
    await configure(page);
    await sendPhotos(page, "Travel photo scenario:basic", [await photo(page, "t.png", 120, 90, 4)]);
    await storedCount(page, 1);
    const shown = await userImages(page).first().getAttribute("src");

    await page.getByRole("button", { name: "Export", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Export chats" });
    await dialog.getByLabel("All chats").check();
    await dialog.getByLabel(/^JSON/).check();
    const [download] = await Promise.all([page.waitForEvent("download"), dialog.getByRole("button", { name: "Download" }).click()]);
    const text = readFileSync(await download.path(), "utf8");
    const doc = JSON.parse(text);
    assert.equal(doc.version, 3);
    assert.deepEqual(Object.values(doc.images), [shown]);
    assert.ok(doc.chats[0].messages[0].images[0].startsWith("img:"));

    const other = await env.page();
    const dir = mkdtempSync(join(tmpdir(), "mmchat-images-"));
    writeFileSync(join(dir, "chats.json"), text);
    await other.getByLabel("Import file").setInputFiles(join(dir, "chats.json"));
    await other.getByRole("status").filter({ hasText: /Imported/ }).waitFor();
    await storedCount(other, 1);
    await list(other).getByRole("button", { name: /^Travel photo/ }).click();
    await userImages(other).first().waitFor();
    assert.equal(await userImages(other).first().getAttribute("src"), shown);
    assertNoPageErrors(page);
    assertNoPageErrors(other);
  });
});
