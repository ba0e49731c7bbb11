// What every proxying host must do, as checks over plain HTTP: a chat streams
// through live, errors come back as MiniMax sent them, only the key goes on,
// and the app's files carry the security and cache headers.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { expectedHeaderPolicy } from "../../deploy/csp.mjs";
import { dist } from "./servers.mjs";

/** A content hash in a file or folder name, as the build writes them. */
export const HASHED = /-[0-9a-f]{12,16}[._/]/;
export const IMMUTABLE = "public, max-age=31536000, immutable";

const chatBody = (content, model = "mock-slow") =>
  JSON.stringify({ model, stream: true, reasoning_split: true, messages: [{ role: "user", content }] });

/**
 * POSTs a chat and reads the stream, noting when each piece arrived:
 * { status, headers, text, answer, pieces: [ms], endMs }.
 */
export async function streamChat(url, { headers = {}, content = "Hello through the proxy", model } = {}) {
  const start = performance.now();
  const res = await fetch(url, {
    method: "POST",
    headers: {
      Authorization: "Bearer test-key-not-secret",
      "Content-Type": "application/json",
      Accept: "text/event-stream",
      // As a browser asks: a host that compresses the stream must not hold it back.
      "Accept-Encoding": "gzip, deflate, br",
      ...headers,
    },
    body: chatBody(content, model),
  });
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const pieces = [];
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const piece = decoder.decode(value, { stream: true });
    if (piece.includes("data:")) pieces.push(performance.now() - start);
    text += piece;
  }
  return { status: res.status, headers: res.headers, text, answer: answerOf(text), pieces, endMs: performance.now() - start };
}

/** The answer text carried by an event stream's chunks. */
function answerOf(text) {
  let answer = "";
  for (const line of text.split("\n")) {
    if (!line.startsWith("data:") || line.includes("[DONE]")) continue;
    try {
      answer += JSON.parse(line.slice(5)).choices?.[0]?.delta?.content ?? "";
    } catch {
      // not a chunk
    }
  }
  return answer;
}

/**
 * A paced reply (the mock's "mock-slow" model: about 16 events over 2 s)
 * reaches the client as it is produced, not all at the end, and whole.
 */
export async function assertStreamsLive(base, prefix, mockUrl, extraHeaders = {}) {
  const [via, direct] = await Promise.all([
    streamChat(`${base}${prefix}/chat/completions`, { headers: extraHeaders }),
    directAnswer(mockUrl),
  ]);
  assert.equal(via.status, 200, via.text.slice(0, 300));
  assert.match(via.headers.get("content-type") || "", /^text\/event-stream/);
  assert.ok(via.text.includes("data: [DONE]"), "the stream ends with [DONE]");
  const first = via.pieces[0];
  assert.ok(
    via.endMs - first >= 1000,
    `the first event came at ${Math.round(first)} ms and the stream ended at ${Math.round(via.endMs)} ms: it was held back`,
  );
  assert.ok(via.pieces.length >= 5, `events arrived in ${via.pieces.length} pieces, not one by one`);
  assert.ok(direct.length > 50);
  assert.equal(via.answer, direct, "the answer arrives as the server sent it");
  return via;
}

const direct = new Map();
/** The paced reply's answer straight from the mock, asked once per mock. */
function directAnswer(mockUrl) {
  if (!direct.has(mockUrl)) direct.set(mockUrl, streamChat(`${mockUrl}/v1/chat/completions`).then((r) => r.answer));
  return direct.get(mockUrl);
}

/** A quick chat (the mock's `basic` reply) through `url`; returns its answer. */
export async function quickChat(url, headers = {}) {
  const res = await streamChat(url, { content: "Hello scenario:basic", model: "MiniMax-M3", headers });
  assert.equal(res.status, 200, res.text.slice(0, 300));
  assert.equal(res.answer, "Hello! **How can I help** today?");
  return res;
}

/** An error's status, JSON body and Retry-After come back as the server sent them. */
export async function assertErrorsPassThrough(base, prefix, mockUrl, extraHeaders = {}) {
  const post = (url, key, content) =>
    fetch(url, {
      method: "POST",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", ...extraHeaders },
      body: chatBody(content, "MiniMax-M3"),
    });
  const withoutId = (body) => body.replace(/"request_id":"[0-9a-f]+"/, '"request_id":""');

  const via = await post(`${base}${prefix}/chat/completions`, "bad-key", "hi");
  const direct = await post(`${mockUrl}/v1/chat/completions`, "bad-key", "hi");
  assert.equal(via.status, 401);
  assert.match(via.headers.get("content-type") || "", /^application\/json/);
  const body = await via.text();
  assert.match(body, /invalid api key \(1004\)/);
  assert.equal(withoutId(body), withoutId(await direct.text()), "the 401 body is MiniMax's, unchanged");

  const limited = await post(`${base}${prefix}/chat/completions`, "test-key", "Slow down scenario:err-429");
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get("retry-after"), "20");
  assert.match(await limited.text(), /rate limit exceeded \(1002\)/);
}

/** A request of several MB (a chat with photos) goes through. */
export async function assertLargeRequestPasses(base, prefix, extraHeaders = {}) {
  const big = `${"a photo's worth of text ".repeat(130_000)} scenario:basic`;
  assert.ok(big.length > 3_000_000);
  const res = await streamChat(`${base}${prefix}/chat/completions`, { content: big, model: "MiniMax-M3", headers: extraHeaders });
  assert.equal(res.status, 200, res.text.slice(0, 300));
  assert.equal(res.answer, "Hello! **How can I help** today?");
  return res;
}

/** The headers every page response carries. */
export function assertSecurityHeaders(headers, what) {
  assert.equal(headers.get("content-security-policy"), expectedHeaderPolicy(), `${what}: CSP`);
  assert.match(headers.get("content-security-policy"), /frame-ancestors 'none'/);
  assert.equal(headers.get("x-content-type-options"), "nosniff", `${what}: nosniff`);
  assert.equal(headers.get("referrer-policy"), "no-referrer", `${what}: referrer policy`);
}

/** Every file of the build (relative paths with /), plus the two stand-ins copyDist adds. */
export function distFiles() {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dist, path).split("\\").join("/"));
    }
  };
  walk(dist);
  for (const extra of ["sw.js", "manifest.webmanifest"]) if (!out.includes(extra)) out.push(extra);
  return out;
}

const TYPES = [
  [/\.html$/, /^text\/html/],
  [/\.m?js$/, /^(text|application)\/javascript/],
  [/\.wasm$/, /^application\/wasm/],
  [/\.css$/, /^text\/css/],
  [/\.webmanifest$/, /^application\/manifest\+json/],
];

/**
 * The app under `base` (e.g. http://host:port/chat): every file is served
 * with the security headers, its type, and a year of caching exactly when
 * its name carries a hash; index.html, sw.js and the manifest are no-cache.
 */
export async function assertAppFiles(base) {
  const files = distFiles();
  const hashed = files.filter((f) => HASHED.test(`/${f}`));
  assert.ok(hashed.some((f) => f.endsWith(".wasm")) && hashed.some((f) => f.endsWith(".js")), `hashed files: ${hashed}`);
  for (const file of ["", ...files]) {
    const res = await fetch(`${base}/${file}`);
    const what = `/${file}`;
    assert.equal(res.status, 200, what);
    assertSecurityHeaders(res.headers, what);
    const cache = res.headers.get("cache-control");
    if (HASHED.test(what)) assert.equal(cache, IMMUTABLE, `${what}: cache`);
    else assert.equal(cache, "no-cache", `${what}: cache`);
    const type = TYPES.find(([name]) => name.test(file || "index.html"));
    if (type) assert.match(res.headers.get("content-type") || "", type[1], `${what}: content type`);
    const body = Buffer.from(await res.arrayBuffer());
    if (file === "") assert.equal(body.toString(), readFileSync(join(dist, "index.html"), "utf8"), "/ is index.html");
  }
  const wasm = hashed.find((f) => f.endsWith(".wasm"));
  const packed = await fetch(`${base}/${wasm}`, { headers: { "Accept-Encoding": "gzip" } });
  await packed.arrayBuffer();
  assert.equal(packed.headers.get("content-encoding"), "gzip", "the wasm is sent compressed");
}

/** The key goes on untouched; the site's cookies and origin do not. */
export function assertOnlyTheKeyWentOn(seen) {
  const chats = seen.filter((r) => r.path.endsWith("/v1/chat/completions"));
  assert.ok(chats.length > 0, "the upstream saw the chats");
  for (const r of chats) {
    assert.ok(["Bearer test-key-not-secret", "Bearer bad-key", "Bearer test-key"].includes(r.headers.authorization), r.headers.authorization);
    assert.equal(r.headers.cookie, undefined, "no cookie reaches MiniMax");
    assert.equal(r.headers.origin, undefined, "no Origin reaches MiniMax");
  }
}
