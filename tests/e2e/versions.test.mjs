// Versions: Regenerate and Edit keep what was there before. Previous answer /
// Next answer and Previous version / Next version move between them, with
// "N / M" shown, and all of it survives a reload.
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import {
  useEnv,
  configure,
  send,
  lastReply,
  waitSettled,
  partText,
  reloadApp,
  shot,
  assertNoPageErrors,
} from "./harness.mjs";

const answerOf = async (article) => (await partText(article, "answer"))?.trim();
const userArticles = (page) => page.locator('article[data-message-role="user"]');
const replies = (page) => page.locator('article[data-message-role="assistant"]');

/** Wait until `article` shows the text "N / M". */
async function place(article, text) {
  await article.getByText(text, { exact: true }).waitFor({ timeout: 8000 });
}

describe("versions of answers and edits", () => {
  const env = useEnv({ before, after, afterEach });

  it("Regenerate keeps the old answer: Previous answer / Next answer with N / M", async () => {
    const page = await env.page();
    await configure(page);
    await send(page, "Count for me scenario:numbered");
    assert.equal(await waitSettled(page), "done");
    const first = await answerOf(lastReply(page));
    assert.match(first, /^This is answer number \d+\.$/);
    assert.equal(await lastReply(page).getByRole("button", { name: "Previous answer" }).count(), 0, "one answer: no navigation");

    await env.resetRequests();
    await lastReply(page).getByRole("button", { name: "Regenerate" }).click();
    await place(lastReply(page), "2 / 2");
    assert.equal(await waitSettled(page), "done");
    const second = await answerOf(lastReply(page));
    assert.notEqual(second, first, "a new answer");
    assert.equal(await replies(page).count(), 1, "one answer shown at a time");
    const body = (await env.requests()).at(-1).body;
    assert.deepEqual(
      body.messages.filter((m) => m.role !== "system").map((m) => m.role),
      ["user"],
      "the request holds the question, not the old answer",
    );

    const reply = lastReply(page);
    assert.equal(await reply.getByRole("button", { name: "Next answer" }).isDisabled(), true);
    await reply.getByRole("button", { name: "Previous answer" }).click();
    await place(reply, "1 / 2");
    assert.equal(await answerOf(lastReply(page)), first, "the old answer is back, word for word");
    assert.equal(await lastReply(page).getByRole("button", { name: "Previous answer" }).isDisabled(), true);
    await shot(page, "versions-previous-answer");

    // Kept across a reload, on the version last shown.
    await reloadApp(page);
    await place(lastReply(page), "1 / 2");
    assert.equal(await answerOf(lastReply(page)), first);
    await lastReply(page).getByRole("button", { name: "Next answer" }).click();
    await place(lastReply(page), "2 / 2");
    assert.equal(await answerOf(lastReply(page)), second);

    // A third answer goes last, whichever one was shown.
    await lastReply(page).getByRole("button", { name: "Previous answer" }).click();
    await place(lastReply(page), "1 / 2");
    await lastReply(page).getByRole("button", { name: "Regenerate" }).click();
    await place(lastReply(page), "3 / 3");
    assert.equal(await waitSettled(page), "done");
    assertNoPageErrors(page);
  });

  it("Edit sends a new version of a question; the old one and its answers stay", async () => {
    const page = await env.page();
    await configure(page);
    await send(page, "First question scenario:numbered");
    assert.equal(await waitSettled(page), "done");
    const firstAnswer = await answerOf(lastReply(page));
    await send(page, "Follow-up scenario:basic");
    assert.equal(await waitSettled(page), "done");
    assert.equal(await userArticles(page).count(), 2);

    // Cancel changes nothing.
    const question = userArticles(page).first();
    await question.getByRole("button", { name: "Edit" }).click();
    const editor = question.getByRole("textbox", { name: "Edit message" });
    assert.equal(await editor.inputValue(), "First question scenario:numbered", "the editor starts from the text");
    await editor.fill("Something else");
    await question.getByRole("button", { name: "Cancel" }).click();
    assert.equal((await question.innerText()).includes("First question scenario:numbered"), true);
    assert.equal(await userArticles(page).count(), 2);

    // An empty edit is refused with a reason and sends nothing.
    await env.resetRequests();
    await question.getByRole("button", { name: "Edit" }).click();
    await question.getByRole("textbox", { name: "Edit message" }).fill("   ");
    await question.getByRole("button", { name: "Send" }).click();
    await question.getByRole("alert").waitFor();
    assert.equal((await env.requests()).length, 0);

    // Send: the question and everything after it become version 1 of 2.
    await question.getByRole("textbox", { name: "Edit message" }).fill("Edited question scenario:numbered");
    await shot(page, "versions-editing");
    await question.getByRole("button", { name: "Send" }).click();
    await place(userArticles(page).first(), "2 / 2");
    assert.equal(await waitSettled(page), "done");
    assert.equal(await userArticles(page).count(), 1, "the follow-up belongs to the old version");
    assert.equal(await replies(page).count(), 1);
    assert.equal((await userArticles(page).first().innerText()).includes("Edited question"), true);
    assert.notEqual(await answerOf(lastReply(page)), firstAnswer);
    const sent = (await env.requests()).at(-1).body.messages.filter((m) => m.role !== "system");
    assert.equal(sent.length, 1, "only the edited question is sent");
    assert.equal(sent[0].content, "Edited question scenario:numbered");
    await shot(page, "versions-edited");

    // Previous version brings back the old question with both its turns.
    await userArticles(page).first().getByRole("button", { name: "Previous version" }).click();
    await place(userArticles(page).first(), "1 / 2");
    assert.equal(await userArticles(page).count(), 2);
    assert.equal((await userArticles(page).first().innerText()).includes("First question"), true);
    assert.equal(await answerOf(replies(page).first()), firstAnswer);
    assert.equal((await userArticles(page).nth(1).innerText()).includes("Follow-up"), true);

    await reloadApp(page);
    await place(userArticles(page).first(), "1 / 2");
    assert.equal(await userArticles(page).count(), 2);
    await userArticles(page).first().getByRole("button", { name: "Next version" }).click();
    await place(userArticles(page).first(), "2 / 2");
    assert.equal(await userArticles(page).count(), 1);
    assertNoPageErrors(page);
  });

  it("while a reply streams, versions and edits wait for it", async () => {
    const page = await env.page();
    await configure(page);
    await send(page, "One scenario:numbered");
    assert.equal(await waitSettled(page), "done");
    await lastReply(page).getByRole("button", { name: "Regenerate" }).click();
    await place(lastReply(page), "2 / 2");
    assert.equal(await waitSettled(page), "done");
    await send(page, "Slow one scenario:slow");
    await page.getByRole("button", { name: "Stop" }).waitFor();
    const firstReply = replies(page).first();
    assert.equal(await firstReply.getByRole("button", { name: "Previous answer" }).isDisabled(), true);
    assert.equal(await userArticles(page).first().getByRole("button", { name: "Edit" }).isDisabled(), true);
    await page.getByRole("button", { name: "Stop" }).click();
    assert.equal(await waitSettled(page), "stopped");
    assert.equal(await firstReply.getByRole("button", { name: "Previous answer" }).isDisabled(), false);
    assertNoPageErrors(page);
  });
});
