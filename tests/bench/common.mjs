// What the benchmark's parts share: the mock server, a page instrumented
// before the app runs, main-thread time, and percentiles.
import { spawn } from "node:child_process";
import { configure } from "../e2e/harness.mjs";
import { MOCK } from "../e2e/mock.mjs";

/** The mock server serving `dist` (the benchmark compares several builds). */
export function startMock(dist) {
  return new Promise((resolve, reject) => {
    const proc = spawn(MOCK, ["--port", "0", "--static", dist, "--quiet"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let buf = "";
    proc.stdout.on("data", (d) => {
      buf += d.toString();
      const m = buf.match(/listening on (http:\/\/[^\s]+)/);
      if (m) resolve({ url: m[1].replace(/\/$/, ""), stop: () => proc.kill() });
    });
    proc.on("exit", (code) => reject(new Error(`mock server exited with ${code}`)));
  });
}

// Runs in the page before the app: timestamps each chunk of a chat reply as
// the app's reader receives it, and each DOM change after it.
// With `split`, reads are cut into one SSE event per task (the streaming
// rows); without, they reach the app as the network made them (the rows of
// big reads), each stamped in the trace (`console.timeStamp`).
const INSTRUMENT = ({ split }) => {
  const chunks = [];
  const longTasks = [];
  window.__bench = { chunks, longTasks, lastMutation: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
  let pending = [];
  const seen = () => {
    window.__bench.lastMutation = performance.now();
    if (pending.length === 0) return;
    const now = performance.now();
    const batch = pending;
    pending = [];
    for (const c of batch) c.dom = now - c.t;
    requestAnimationFrame((frame) => {
      for (const c of batch) c.frame = Math.max(frame, now) - c.t;
    });
  };
  const startObserving = () =>
    new MutationObserver(seen).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  if (document.body) startObserving();
  else document.addEventListener("DOMContentLoaded", startObserving);
  // The network hands the page a stream in whatever pieces TCP made (a fast
  // stream arrives in a handful). To measure what the issue asks, the app is
  // fed one SSE event per read, each in its own task, as fast as it takes
  // them: the same bytes, in ~4,000 chunks for the 200 KB answer.
  // One channel for the whole stream: a channel per chunk would leave
  // thousands of dead ports, whose closing (at the browser's next major
  // collection) is the harness's cost, not the app's.
  const channel = new MessageChannel();
  const waiting = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  const nextTask = () => new Promise((r) => {
    waiting.push(r);
    channel.port2.postMessage(0);
  });
  const splitEvents = (bytes) => {
    const out = [];
    let start = 0;
    for (let i = 1; i < bytes.length; i++) {
      if (bytes[i] === 10 && bytes[i - 1] === 10) {
        out.push(bytes.subarray(start, i + 1));
        start = i + 1;
      }
    }
    if (start < bytes.length) out.push(bytes.subarray(start));
    return out;
  };
  const realFetch = window.fetch.bind(window);
  window.fetch = async (...args) => {
    const res = await realFetch(...args);
    const url = String(args[0]?.url || args[0]);
    if (!url.includes("/chat/completions") || !res.body) return res;
    const reader = res.body.getReader();
    const queue = [];
    const decoder = new TextDecoder();
    const body = new ReadableStream({
      async pull(ctrl) {
        while (queue.length === 0) {
          const { done, value } = await reader.read();
          if (done) return ctrl.close();
          if (split) queue.push(...splitEvents(value));
          else queue.push(value);
        }
        if (split) await nextTask();
        const piece = queue.shift();
        if (!split && chunks.length === 0) console.timeStamp("bench-first-read");
        // Only chunks that carry text change the screen; the rest (usage,
        // [DONE]) are counted but not timed.
        const visible = /"(content|reasoning_content)":"[^"]/.test(decoder.decode(piece));
        const c = { t: performance.now(), bytes: piece.length, visible };
        chunks.push(c);
        if (visible) pending.push(c);
        ctrl.enqueue(piece);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    });
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
};

/**
 * The browser context of every bench page: its window size, and no media
 * emulation. Playwright emulates `prefers-color-scheme: light` (and reduced
 * motion and forced colours) by default. At a reload the old page's DevTools
 * session closes, the emulation is lifted, and Chromium restyles every
 * element of the old page before it commits the new one (in traces: "Closed
 * mojo endpoint DevToolsSessionHost", then an `UpdateLayoutTree` of the
 * whole old page). That is 14-16 ms with 300 chats listed and 2-3 ms with
 * none, on the new page's clock. A browser without DevTools attached never
 * does it, so the bench leaves it out.
 */
export const CONTEXT = {
  viewport: { width: 1200, height: 860 },
  colorScheme: null,
  reducedMotion: null,
  forcedColors: null,
};

export async function newPage(browser, url, { split = true } = {}) {
  const ctx = await browser.newContext(CONTEXT);
  const page = await ctx.newPage();
  await page.addInitScript(INSTRUMENT, { split });
  await page.goto(url + "/");
  await page.getByRole("textbox", { name: "Message" }).waitFor({ timeout: 20000 });
  // The mock's demo endpoint, with a made-up key (the app asks for one).
  await configure(page);
  return { ctx, page };
}

export async function taskSeconds(cdp) {
  const { metrics } = await cdp.send("Performance.getMetrics");
  return metrics.find((m) => m.name === "TaskDuration")?.value ?? 0;
}

export function pct(values, p) {
  const v = values.filter((x) => x != null).sort((a, b) => a - b);
  if (v.length === 0) return null;
  return v[Math.min(v.length - 1, Math.floor((p / 100) * v.length))];
}

export const median = (xs) => pct(xs, 50);

export const fmt = (x, digits = 1) => (x == null ? "-" : Number(x).toFixed(digits));
export const kb = (b) => `${(b / 1024).toFixed(1)} KiB`;
