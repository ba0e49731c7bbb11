// The prompt library: `/` at the start of the message opens a list of
// saved prompts filtered as the user types (a listbox: arrow keys, Enter,
// Escape); a prompt with {{variables}} asks for them in a small form and
// fills the message; prompts are added, changed and deleted in the Prompts
// dialog and kept after a reload.
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { useEnv, configure, reloadApp, shot, assertNoPageErrors } from "./harness.mjs";

const box = (page) => page.getByRole("textbox", { name: "Message" });
const slashList = (page) => page.getByRole("listbox", { name: "Prompts" });

/** The options of the slash list and which one is selected. */
async function options(page) {
  return slashList(page)
    .getByRole("option")
    .evaluateAll((els) => els.map((e) => `${e.getAttribute("aria-selected") === "true" ? "> " : ""}${e.querySelector(".slash-name").textContent}`));
}

describe("prompt library", () => {
  const env = useEnv({ before, after, afterEach });

  it("a slash prompt with variables asks for them and fills the message", async () => {
    const page = await env.page();
    await configure(page);
    await box(page).click();
    await box(page).pressSequentially("/");
    await slashList(page).waitFor();
    assert.deepEqual(await options(page), ["> Summarize", "Translate", "Explain code", "Proofread", "Think it through"]);
    await box(page).pressSequentially("t");
    assert.deepEqual(await options(page), ["> Translate", "Think it through"]);
    await box(page).pressSequentially("h");
    // Names that start with "th" first, then those that hold it.
    assert.deepEqual(await options(page), ["> Think it through"]);
    await box(page).press("Backspace");
    await box(page).press("ArrowDown");
    assert.deepEqual((await options(page))[1], "> Think it through");
    assert.equal(await box(page).getAttribute("aria-activedescendant"), "slash-1");
    await box(page).press("ArrowUp");
    await shot(page, "prompts-slash-list");
    await box(page).press("Enter");

    const form = page.getByRole("form", { name: "Fill in Translate" });
    await form.waitFor();
    assert.equal(await slashList(page).count(), 0);
    assert.equal(await box(page).inputValue(), "/t", "Enter picked the prompt, it did not send");
    assert.equal(await page.locator('article[data-message-role="user"]').count(), 0);
    await form.getByLabel("language").fill("French");
    await form.getByLabel("text").fill("Good morning, everyone.");
    await shot(page, "prompts-fill-form");
    await form.getByRole("button", { name: "Insert" }).click();
    await form.waitFor({ state: "detached" });
    const filled = await box(page).inputValue();
    assert.ok(filled.startsWith("Translate the text below into French."), filled);
    assert.ok(filled.endsWith("Good morning, everyone."), filled);
    assert.ok(!filled.includes("{{"), filled);

    // Sent as written.
    await env.resetRequests();
    await box(page).press("Enter");
    await page.locator('article[data-message-role="assistant"]').waitFor();
    await page.waitForFunction(() => document.querySelector('article[data-message-role="assistant"]')?.dataset.status !== "streaming");
    const last = (await env.requests()).at(-1).body.messages.at(-1);
    assert.equal(last.content, filled);
    assertNoPageErrors(page);
  });

  it("Escape closes the list, a prompt without variables fills the message at once, and clicking picks", async () => {
    const page = await env.page();
    await configure(page);
    await box(page).fill("/think");
    await slashList(page).waitFor();
    await box(page).press("Escape");
    await slashList(page).waitFor({ state: "detached" });
    assert.equal(await box(page).inputValue(), "/think");
    // Typing on a message that starts with "/" keeps it closed; a new "/" opens it.
    await box(page).fill("");
    await box(page).pressSequentially("/thi");
    await slashList(page).getByRole("option", { name: /Think it through/ }).click();
    assert.equal(
      await box(page).inputValue(),
      "Work through this step by step before answering, and say which assumptions you made.",
    );
    // No match: no list, and Enter sends as usual.
    await box(page).fill("/nothing-like-this");
    assert.equal(await slashList(page).count(), 0);
    assertNoPageErrors(page);
  });

  it("prompts are added, changed and deleted in the Prompts dialog and kept after a reload", async () => {
    const page = await env.page();
    await configure(page);
    await page.getByRole("button", { name: "Prompts", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Prompts" });
    await dialog.getByLabel("Prompt name").fill("Standup");
    await dialog.getByLabel("Prompt text").fill("Yesterday I {{done}}. Today I will {{plan}}.");
    await dialog.getByRole("button", { name: "Add prompt" }).click();
    await dialog.getByRole("button", { name: "Edit Standup" }).waitFor();
    await dialog.getByRole("button", { name: "Delete Proofread" }).click();
    await dialog.getByRole("button", { name: "Edit Summarize" }).click();
    assert.match(await dialog.getByLabel("Prompt text").inputValue(), /bullet points/);
    await dialog.getByLabel("Prompt name").fill("Summary");
    await dialog.getByRole("button", { name: "Save prompt" }).click();
    await dialog.getByRole("button", { name: "Edit Summary" }).waitFor();
    await shot(page, "prompts-dialog");
    await dialog.getByRole("button", { name: "Close" }).click();

    await reloadApp(page);
    await box(page).pressSequentially("/");
    await slashList(page).waitFor();
    assert.deepEqual(await options(page), ["> Summary", "Translate", "Explain code", "Think it through", "Standup"]);
    await box(page).pressSequentially("sta");
    await box(page).press("Enter");
    const form = page.getByRole("form", { name: "Fill in Standup" });
    await form.getByLabel("done").fill("fixed the build");
    await form.getByLabel("plan").press("Escape");
    await form.waitFor({ state: "detached" });
    assert.equal(await box(page).inputValue(), "/sta", "Cancel leaves the message as it was");
    assertNoPageErrors(page);
  });
});
