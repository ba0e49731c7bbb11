// Pinned chats and folders: Pin puts a chat first and stays after a
// reload; folders are made, renamed, collapsed, filled by the Move to
// folder menu and by dragging, found by search, and deleted without their
// chats; a folder's model and system prompt start a new chat in it.
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { useEnv, configure, send, waitSettled, reloadApp, shot, assertNoPageErrors } from "./harness.mjs";

const list = (page) => page.getByRole("navigation", { name: "Conversations" });
const rows = (page) => list(page).getByRole("listitem");
/** The list item of the chat titled `title`. */
const row = (page, title) => rows(page).filter({ has: page.getByRole("button", { name: title, exact: true }) });

/** The list as it reads, one line per row: headings, folders, chats. */
async function listed(page) {
  return rows(page).evaluateAll((items) =>
    items.map((li) => {
      const main = li.querySelector(".chat-title-text");
      const text = main ? main.textContent : li.textContent.trim();
      if (li.classList.contains("folder-row")) {
        const open = li.querySelector("[aria-expanded]").getAttribute("aria-expanded") === "true";
        return `[${text}]${open ? "" : " closed"}`;
      }
      return li.classList.contains("nested") ? `  ${text}` : text;
    }),
  );
}

async function chat(page, text) {
  await send(page, text);
  assert.equal(await waitSettled(page), "done");
}

/** Three chats, oldest first: "First chat", "Second chat", "Third chat". */
async function three(page) {
  await configure(page);
  await chat(page, "First chat scenario:basic");
  for (const name of ["Second", "Third"]) {
    await page.getByRole("button", { name: "New chat", exact: true }).click();
    await chat(page, `${name} chat scenario:basic`);
  }
}

const title = (name) => `${name} chat scenario:basic`;

/** Make a folder named `name` through New folder and its dialog. */
async function newFolder(page, name, { model, prompt } = {}) {
  await page.getByRole("button", { name: "New folder" }).click();
  const dialog = page.getByRole("dialog", { name: "Folder" });
  await dialog.getByLabel("Folder name").fill(name);
  if (model) await dialog.getByLabel("Model for new chats").selectOption(model);
  if (prompt) await dialog.getByLabel("System prompt for new chats").fill(prompt);
  await dialog.getByRole("button", { name: "Save" }).click();
  await dialog.waitFor({ state: "detached" });
  await list(page).getByRole("button", { name: new RegExp(`^${name}`) }).first().waitFor();
}

describe("pinned chats and folders", () => {
  const env = useEnv({ before, after, afterEach });

  it("Pin puts a chat first, in the order pinned, and it stays first after a reload", async () => {
    const page = await env.page();
    await three(page);
    assert.deepEqual(await listed(page), [title("Third"), title("Second"), title("First")]);
    await row(page, title("First")).getByRole("button", { name: "Pin" }).click();
    await row(page, title("Second")).getByRole("button", { name: "Pin" }).click();
    const expected = ["Pinned", title("First"), title("Second"), "Chats", title("Third")];
    await page.waitForFunction(() => document.querySelectorAll("nav li.list-head").length === 2);
    assert.deepEqual(await listed(page), expected);
    await row(page, title("First")).getByRole("button", { name: "Unpin" }).waitFor();

    await reloadApp(page);
    await rows(page).first().waitFor();
    assert.deepEqual(await listed(page), expected);
    // The index alone says so: read before any chat was opened.
    const index = await page.evaluate(() => JSON.parse(localStorage.getItem("mmchat:index")));
    assert.equal(index.chats.filter((c) => c.pinned_ms).length, 2);

    await row(page, title("First")).getByRole("button", { name: "Unpin" }).click();
    await page.waitForFunction(() => !document.querySelector("nav li.list-head + li + li + li.list-head"));
    assert.deepEqual(await listed(page), ["Pinned", title("Second"), "Chats", title("Third"), title("First")]);
    assertNoPageErrors(page);
  });

  it("folders: made, renamed, filled by menu and by dragging, collapsed, searched and deleted without their chats", async () => {
    const page = await env.page();
    await three(page);
    await newFolder(page, "Work");
    await newFolder(page, "Home");

    // By the menu.
    await row(page, title("First")).getByLabel("Move to folder").selectOption({ label: "Work" });
    await page.waitForFunction(() => document.querySelectorAll("nav li.nested").length === 1);
    // By dragging onto a folder.
    await row(page, title("Second")).dragTo(rows(page).filter({ hasText: /^Home/ }));
    await page.waitForFunction(() => document.querySelectorAll("nav li.nested").length === 2);
    assert.deepEqual(await listed(page), ["[Work]", `  ${title("First")}`, "[Home]", `  ${title("Second")}`, "Chats", title("Third")]);
    await shot(page, "organise-sidebar-folders");

    // Renamed in its dialog; collapsed and kept so after a reload.
    await list(page).getByRole("button", { name: "Edit folder Home" }).click();
    const dialog = page.getByRole("dialog", { name: "Folder" });
    await dialog.getByLabel("Folder name").fill("Family");
    await dialog.getByRole("button", { name: "Save" }).click();
    await list(page).getByRole("button", { name: /^Work/ }).click();
    await page.waitForFunction(() => document.querySelectorAll("nav li.nested").length === 1);
    await reloadApp(page);
    await rows(page).first().waitFor();
    assert.deepEqual(await listed(page), ["[Work] closed", "[Family]", `  ${title("Second")}`, "Chats", title("Third")]);

    // Search finds a chat inside the closed folder.
    await page.getByLabel("Search chats").fill("First chat");
    await row(page, title("First")).waitFor();
    assert.deepEqual(await listed(page), ["[Work]", `  ${title("First")}`]);
    await page.getByLabel("Search chats").fill("");

    // Dragged out onto "Chats".
    await row(page, title("Second")).dragTo(rows(page).filter({ hasText: /^Chats$/ }));
    await page.waitForFunction(() => document.querySelectorAll("nav li.nested").length === 0);

    // Deleting a folder keeps its chats.
    await list(page).getByRole("button", { name: "Edit folder Work" }).click();
    await dialog.getByRole("button", { name: "Delete folder" }).click();
    await page.waitForFunction(() => !document.querySelector("nav li.folder-row button[aria-expanded]")?.textContent?.startsWith("Work"));
    await row(page, title("First")).waitFor();
    assert.equal(await row(page, title("First")).count(), 1);
    await reloadApp(page);
    await row(page, title("First")).waitFor();
    assert.ok(!(await listed(page)).some((r) => r.startsWith("[Work]")));
    assert.equal((await listed(page)).filter((r) => r.includes("chat scenario")).length, 3);
    assertNoPageErrors(page);
  });

  it("a folder offers the endpoint's models, and keeps its own when the endpoint no longer lists it", async () => {
    const page = await env.page();
    await configure(page);
    // A model the catalogue lacks, as a custom endpoint's list would bring.
    await page.route("**/custom/v1/models", (r) =>
      r.fulfill({ contentType: "application/json", body: JSON.stringify({ data: [{ id: "local-7b" }] }) }),
    );
    const baseUrl = async (url) => {
      await page.getByRole("button", { name: "Settings" }).click();
      await page.getByLabel("Base URL").fill(url);
      await page.getByLabel("Base URL").press("Tab");
      return page.getByRole("dialog", { name: "Settings" });
    };
    let settings = await baseUrl(`${env.mock.url}/custom/v1`);
    await page.locator('#model option[value="local-7b"]').waitFor({ state: "attached" });
    await settings.getByRole("button", { name: "Close" }).click();
    await newFolder(page, "Local", { model: "local-7b" });
    await list(page).getByRole("button", { name: "New chat in Local" }).click();
    assert.equal(await page.locator("form.composer").getByLabel("Answer with").inputValue(), "local-7b");

    // Back on the demo endpoint, which does not list local-7b: the folder
    // still shows its model, and saving it unchanged keeps it.
    settings = await baseUrl("/api/demo/v1");
    await settings.getByRole("button", { name: "Close" }).click();
    const dialog = page.getByRole("dialog", { name: "Folder" });
    for (let i = 0; i < 2; i++) {
      await list(page).getByRole("button", { name: "Edit folder Local" }).click();
      assert.equal(await dialog.getByLabel("Model for new chats").inputValue(), "local-7b");
      await dialog.getByRole("button", { name: "Save" }).click();
      await dialog.waitFor({ state: "detached" });
    }
    await reloadApp(page);
    await list(page).getByRole("button", { name: "Edit folder Local" }).click();
    assert.equal(await dialog.getByLabel("Model for new chats").inputValue(), "local-7b");
    assertNoPageErrors(page);
  });

  it("a new chat in a folder starts with the folder's model and system prompt", async () => {
    const page = await env.page();
    await configure(page);
    await newFolder(page, "Rust", { model: "MiniMax-M2.5", prompt: "Answer in idiomatic Rust." });
    await list(page).getByRole("button", { name: "New chat in Rust" }).click();
    assert.equal(await page.locator("form.composer").getByLabel("Answer with").inputValue(), "MiniMax-M2.5");
    await page.getByRole("button", { name: "Settings" }).click();
    assert.equal(await page.getByLabel("System prompt").inputValue(), "Answer in idiomatic Rust.");
    await page.getByRole("button", { name: "Close" }).click();

    await env.resetRequests();
    await chat(page, "Sort a vector scenario:basic");
    const body = (await env.requests()).at(-1).body;
    assert.equal(body.model, "MiniMax-M2.5");
    assert.deepEqual(body.messages[0], { role: "system", content: "Answer in idiomatic Rust." });
    // "Chats" stays as the place to drag a chat out of its folder.
    assert.deepEqual(await listed(page), ["[Rust]", "  Sort a vector scenario:basic", "Chats"]);

    // A plain New chat starts from the defaults again.
    await page.getByRole("button", { name: "New chat", exact: true }).click();
    assert.equal(await page.locator("form.composer").getByLabel("Answer with").inputValue(), "MiniMax-M3");
    await env.resetRequests();
    await chat(page, "Loose question scenario:basic");
    const loose = (await env.requests()).at(-1).body;
    assert.equal(loose.model, "MiniMax-M3");
    assert.equal(loose.messages[0].role, "user");
    assertNoPageErrors(page);
  });
});
