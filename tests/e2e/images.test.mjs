// Attach image: pictures go with a message as image_url parts (scaled and
// re-encoded as JPEG first), show in the message and survive a reload; files
// that are not images, and models that cannot see, get a clear sentence.
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { useEnv, configure, send, waitSettled, reloadApp, shot, assertNoPageErrors } from "./harness.mjs";

/** A PNG of `w` × `h` drawn in the page (a real image the browser decodes). */
async function pngFile(page, name, w, h) {
  const base64 = await page.evaluate(
    ({ w, h }) => {
      const c = document.createElement("canvas");
      c.width = w;
      c.height = h;
      const x = c.getContext("2d");
      x.fillStyle = "#3366cc";
      x.fillRect(0, 0, w, h);
      x.fillStyle = "#ffcc00";
      x.fillRect(w / 4, h / 4, w / 2, h / 2);
      return c.toDataURL("image/png").split(",")[1];
    },
    { w, h },
  );
  return { name, mimeType: "image/png", buffer: Buffer.from(base64, "base64") };
}

/** The natural size of the image at `url`, loaded in the page. */
async function sizeOf(page, url) {
  return page.evaluate(
    (url) =>
      new Promise((resolve, reject) => {
        const img = new Image();
        img.onload = () => resolve([img.naturalWidth, img.naturalHeight]);
        img.onerror = () => reject(new Error("not an image"));
        img.src = url;
      }),
    url,
  );
}

describe("attaching images", () => {
  const env = useEnv({ before, after, afterEach });

  it("an attached photo is scaled, sent as an image_url part, shown, and kept", async () => {
    const page = await env.page();
    await configure(page);
    const input = page.getByLabel("Attach image");
    assert.equal(await input.getAttribute("type"), "file");
    await input.setInputFiles(await pngFile(page, "photo.png", 3000, 2000));
    const thumb = page.getByRole("img", { name: "Attached image 1" });
    await thumb.waitFor();

    await env.resetRequests();
    await send(page, "What is in this picture? scenario:basic");
    assert.equal(await waitSettled(page), "done");
    assert.equal(await thumb.count(), 0, "the composer is cleared after sending");
    const user = (await env.requests()).at(-1).body.messages.filter((m) => m.role === "user").at(-1);
    assert.ok(Array.isArray(user.content), "content is an array of parts");
    assert.deepEqual(user.content[0], { type: "text", text: "What is in this picture? scenario:basic" });
    assert.equal(user.content[1].type, "image_url");
    // The mock's log shortens long strings ("…[N bytes]"): the full URL
    // is the one the message shows, and the log holds its start.
    const logged = user.content[1].image_url.url.replace(/…\[\d+ bytes\]$/, "");
    const article = page.locator('article[data-message-role="user"]');
    const sent = article.getByRole("img", { name: "Image 1 sent with this message" });
    await sent.waitFor();
    const url = await sent.getAttribute("src");
    assert.ok(url.startsWith(logged), "the image sent is the one shown");
    assert.ok(url.startsWith("data:image/jpeg;base64,"), "re-encoded as JPEG");
    assert.equal(url.slice(23).search(/[^A-Za-z0-9+/=]/), -1, "base64 throughout");
    assert.deepEqual(await sizeOf(page, url), [1568, 1045], "scaled to 1568 px on the long side");
    await shot(page, "image-sent");

    await reloadApp(page);
    await page.locator('article[data-message-role="user"]').getByRole("img").waitFor();
    assertNoPageErrors(page);
  });

  it("an image alone can be sent; Remove takes one back before sending", async () => {
    const page = await env.page();
    await configure(page);
    const input = page.getByLabel("Attach image");
    await input.setInputFiles([await pngFile(page, "a.png", 40, 30), await pngFile(page, "b.png", 30, 40)]);
    await page.getByRole("img", { name: "Attached image 2" }).waitFor();
    await shot(page, "image-attached");
    await page.getByRole("button", { name: "Remove image 1" }).click();
    assert.equal(await page.getByRole("list", { name: "Attached images" }).getByRole("img").count(), 1);

    await env.resetRequests();
    await page.getByRole("button", { name: "Send" }).click();
    assert.equal(await waitSettled(page), "done");
    const user = (await env.requests()).at(-1).body.messages.filter((m) => m.role === "user").at(-1);
    assert.deepEqual(user.content.map((p) => p.type), ["image_url"], "no empty text part");
    const url = await page.locator('article[data-message-role="user"]').getByRole("img").getAttribute("src");
    assert.deepEqual(await sizeOf(page, url), [30, 40], "small images keep their size");
    assertNoPageErrors(page);
  });

  it("a file that is not an image is refused by name; the draft stays", async () => {
    const page = await env.page();
    await configure(page);
    await page.getByRole("textbox", { name: "Message" }).fill("keep me");
    await page.getByLabel("Attach image").setInputFiles({
      name: "notes.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("not a picture"),
    });
    const alert = page.locator(".composer").getByRole("alert");
    await alert.waitFor();
    assert.match(await alert.innerText(), /notes\.txt is not a photo or picture/);
    // A file that claims to be an image but is not one.
    await page.getByLabel("Attach image").setInputFiles({
      name: "broken.png",
      mimeType: "image/png",
      buffer: Buffer.from("definitely not a png"),
    });
    await page.getByText("broken.png could not be read as an image.").waitFor();
    assert.equal(await page.getByRole("textbox", { name: "Message" }).inputValue(), "keep me");
    assert.equal(await page.getByRole("list", { name: "Attached images" }).count(), 0);
    assertNoPageErrors(page);
  });

  it("a model that cannot see images says so and sends nothing", async () => {
    const page = await env.page();
    await configure(page, { model: "MiniMax-M2.7" });
    await page.getByLabel("Attach image").setInputFiles(await pngFile(page, "photo.png", 50, 50));
    await page.getByRole("img", { name: "Attached image 1" }).waitFor();
    await env.resetRequests();
    await send(page, "Describe it scenario:basic");
    const alert = page.locator(".composer").getByRole("alert");
    await alert.waitFor();
    assert.match(await alert.innerText(), /MiniMax-M2\.7 does not take images/);
    assert.equal((await env.requests()).length, 0);
    assert.equal(await page.getByRole("textbox", { name: "Message" }).inputValue(), "Describe it scenario:basic");
    assert.equal(await page.getByRole("img", { name: "Attached image 1" }).count(), 1, "the image stays attached");
    assertNoPageErrors(page);
  });
});
