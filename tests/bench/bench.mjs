// The project's benchmark (not a test: it asserts nothing, it measures).
// Run it with ./scripts/bench.sh, which builds what it needs first.
//
// In headless Chromium, against the mock server, in one run:
// 1. streaming render: the release build and a naive baseline build (the
//    same app with its renderer module compiled with the `naive-render`
//    feature, which re-renders the whole answer for every chunk) each render a ~20 KB answer in ~400 chunks
//    and a ~200 KB answer in ~4,000 chunks sent as fast as the mock can, and
//    a paced stream (one chunk every 5 ms) for chunk-to-screen latency;
// 2. big reads and reopening (reads.mjs), switching between two long
//    chats (switching.mjs) and opening a chat of 100 turns (turns.mjs),
//    the build as shipped against the `unsliced` build;
// 3. start-up with 0, 30 and 300 stored chats, and search, export and
//    import over 30 and 300 (history.mjs);
// 4. the first-load size of the release build, gzip and brotli, and apart
//    from it the renderer module the app fetches after its first paint.
//
// Figures: main-thread busy time (CDP TaskDuration), the longest task
// (PerformanceObserver "longtask"; tasks under 50 ms are not reported by the
// browser, so "<50" means none; a task that ends after the first chunk
// arrived counts as the stream's, an earlier one as Send's, reported apart),
// and per chunk the time from the chunk being
// handed to the page's reader to the DOM showing it ("to DOM") and to the
// next animation frame after that ("to frame").
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { launch } from "../e2e/harness.mjs";
import { root } from "../e2e/mock.mjs";
import { fmt, kb, median, newPage, pct, startMock, taskSeconds } from "./common.mjs";
import { readRows, readTable } from "./reads.mjs";
import { switchRow, switchTable } from "./switching.mjs";
import { turnsRow, turnsTable } from "./turns.mjs";
import { historyRows, historyTable } from "./history.mjs";

const RUNS = Number(process.env.BENCH_RUNS || 3);
// BENCH_BASELINE=0 skips the naive baseline (it takes ~10 minutes at 200 KB).
const BASELINE = process.env.BENCH_BASELINE !== "0";
// BENCH_ONLY=history measures only start-up, search, export and import.
const ONLY_HISTORY = process.env.BENCH_ONLY === "history";
const DIST = process.env.BENCH_DIST || join(root, "dist");
const NAIVE_DIST = process.env.BENCH_NAIVE_DIST || join(root, "target", "bench", "naive-dist");
// The renderer before it worked in slices (feature `unsliced`): the "before"
// of the rows for big reads and of the paced 200 KB stream.
const UNSLICED_DIST = process.env.BENCH_UNSLICED_DIST || join(root, "target", "bench", "unsliced-dist");
// BENCH_ONLY=reads measures only the rows for big reads, reopening and
// switching.
const ONLY_READS = process.env.BENCH_ONLY === "reads";
const STREAMS = ["long", "long-200k", "paced-20k", "paced-200k"];

async function streamOnce(browser, url, scenario) {
  const { ctx, page } = await newPage(browser, url);
  const cdp = await ctx.newCDPSession(page);
  await cdp.send("Performance.enable");
  const before = await taskSeconds(cdp);
  const box = page.getByRole("textbox", { name: "Message" });
  await box.fill(`Benchmark scenario:${scenario}`);
  // Long tasks before this (loading the app) are not the stream's.
  const since = await page.evaluate(() => performance.now());
  const started = Date.now();
  await box.press("Enter");
  await page.locator('article[data-message-role="assistant"][data-status="done"]').waitFor({ timeout: 1800000 });
  const wall = Date.now() - started;
  // Let the last frame and observers settle.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
  const busy = ((await taskSeconds(cdp)) - before) * 1000;
  const data = await page.evaluate((since) => ({
    chunks: window.__bench.chunks.map((c) => ({ bytes: c.bytes, dom: c.dom ?? null, frame: c.frame ?? null })),
    longTasks: window.__bench.longTasks
      .filter((t) => t.start >= since)
      .map((t) => ({ at: Math.round(t.start - since), ms: Math.round(t.duration) })),
    // When the first chunk reached the page (ms after Send): a long task that
    // ends after it belongs to the stream; one that ended before is Send's.
    firstChunkAt: window.__bench.chunks.length ? window.__bench.chunks[0].t - since : null,
    answerBytes: document.querySelector('[data-part="answer"]')?.textContent.length ?? 0,
  }), since);
  await ctx.close();
  return { scenario, wall, busy, ...data };
}

function summarize(runs) {
  const inStream = (r, t) => r.firstChunkAt != null && t.at + t.ms > r.firstChunkAt;
  const longest = runs.map((r) => Math.max(0, ...r.longTasks.filter((t) => inStream(r, t)).map((t) => t.ms)));
  const sendTask = runs.map((r) => Math.max(0, ...r.longTasks.filter((t) => !inStream(r, t)).map((t) => t.ms)));
  const dom = runs.flatMap((r) => r.chunks.map((c) => c.dom));
  const frame = runs.flatMap((r) => r.chunks.map((c) => c.frame));
  const chunks = median(runs.map((r) => r.chunks.length));
  const busy = median(runs.map((r) => r.busy));
  return {
    chunks,
    answerChars: runs[0].answerBytes,
    wallMs: median(runs.map((r) => r.wall)),
    busyMs: busy,
    perChunkMs: busy / Math.max(1, chunks),
    longestTaskMs: Math.max(...longest),
    // The longest task between Send and the first chunk (0: none over 50 ms).
    sendTaskMs: Math.max(...sendTask),
    // When each long task started (ms after Send) and how long it took.
    longTasks: runs[0].longTasks,
    domP50: pct(dom, 50),
    domP95: pct(dom, 95),
    frameP50: pct(frame, 50),
    frameP95: pct(frame, 95),
  };
}

async function streaming(browser, label, dist, scenarios) {
  const mock = await startMock(dist);
  const out = {};
  try {
    for (const scenario of scenarios) {
      const runs = [];
      // The baseline at 200 KB takes minutes a run: once is enough to compare.
      const count = label === "naive" && scenario === "long-200k" ? 1 : RUNS;
      for (let i = 0; i < count; i++) runs.push(await streamOnce(browser, mock.url, scenario));
      out[scenario] = summarize(runs);
      // Every long task is in results.json; the log keeps to the figures.
      const { longTasks, ...figures } = out[scenario];
      process.stderr.write(`  ${label} ${scenario}: ${JSON.stringify({ ...figures, longTaskCount: longTasks.length })}\n`);
    }
  } finally {
    mock.stop();
  }
  return out;
}

async function history(browser) {
  process.stderr.write("start-up, search, export and import with stored chats\n");
  const mock = await startMock(DIST);
  try {
    return await historyRows(browser, mock.url, RUNS);
  } finally {
    mock.stop();
  }
}

// The first load is everything but the renderer module (renderer-*/), which
// the app fetches after its first paint.
function bundleSize() {
  const first = { raw: 0, gz: 0, br: 0 }, lazy = { raw: 0, gz: 0, br: 0 };
  for (const name of readdirSync(DIST, { recursive: true })) {
    const file = join(DIST, name);
    if (name.startsWith(".stage") || !statSync(file).isFile()) continue;
    const bytes = readFileSync(file);
    const sum = name.startsWith("renderer-") ? lazy : first;
    sum.raw += bytes.length;
    sum.gz += gzipSync(bytes, { level: 9 }).length;
    sum.br += brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return { ...first, lazy };
}


async function main() {
  const { browser, close } = await launch();
  const results = {};
  try {
    if (ONLY_HISTORY) {
      results.history = await history(browser);
      console.log(historyTable(results.history));
      return;
    }
    if (!ONLY_READS) {
      process.stderr.write("streaming, incremental (release build)\n");
      results.incremental = await streaming(browser, "incremental", DIST, STREAMS);
      process.stderr.write("streaming, unsliced (the renderer before slicing)\n");
      results.unsliced = await streaming(browser, "unsliced", UNSLICED_DIST, ["paced-200k"]);
      if (BASELINE) {
        process.stderr.write("streaming, naive baseline\n");
        results.naive = await streaming(browser, "naive", NAIVE_DIST, ["long", "long-200k", "paced-20k"]);
      }
    }
    results.reads = {};
    results.switching = {};
    results.turns = {};
    for (const [label, dist] of [["sliced", DIST], ["unsliced", UNSLICED_DIST]]) {
      process.stderr.write(`big reads, reopening, switching and many turns, ${label}\n`);
      const mock = await startMock(dist);
      try {
        results.reads[label] = await readRows(browser, mock.url, label, RUNS);
        results.switching[label] = await switchRow(browser, mock.url, label, RUNS);
        results.turns[label] = await turnsRow(browser, mock.url, label, RUNS);
      } finally {
        mock.stop();
      }
    }
    if (!ONLY_READS) results.history = await history(browser);
  } finally {
    await close();
  }
  results.size = bundleSize();
  writeFileSync(join(root, "target", "bench", "results.json"), JSON.stringify(results, null, 2));
  console.log(readTable(results.reads));
  console.log(switchTable(results.switching));
  console.log(turnsTable(results.turns));
  if (ONLY_READS) return;
  console.log(historyTable(results.history));

  const rows = [];
  for (const scenario of STREAMS) {
    for (const kind of ["incremental", "unsliced", "naive"]) {
      const r = results[kind]?.[scenario];
      if (!r) continue;
      rows.push(
        `| ${scenario.padEnd(9)} | ${kind.padEnd(11)} | ${String(r.chunks).padStart(5)} | ${fmt(r.busyMs, 0).padStart(7)} | ${fmt(r.perChunkMs, 2).padStart(6)} | ${(r.longestTaskMs > 0 ? fmt(r.longestTaskMs, 0) : "<50").padStart(7)} | ${fmt(r.domP50)} / ${fmt(r.domP95)} | ${fmt(r.frameP50)} / ${fmt(r.frameP95)} |`,
      );
    }
  }
  const inc = results.incremental, naive = results.naive;
  const sendTasks = () => {
    const worst = Math.max(...Object.values(inc).map((r) => r.sendTaskMs));
    return worst > 0 ? `${fmt(worst, 0)} ms` : "under 50 ms";
  };
  const ratio = (s) => (naive ? naive[s].busyMs / Math.max(1e-9, inc[s].busyMs) : null);
  const growth = inc["long-200k"].perChunkMs / Math.max(1e-9, inc.long.perChunkMs);
  console.log(`
| stream    | renderer    | chunks | busy ms | ms/chunk | longest task ms | to DOM p50 / p95 ms | to frame p50 / p95 ms |
| --------- | ----------- | -----: | ------: | -------: | --------------: | ------------------- | --------------------- |
${rows.join("\n")}

longest task between Send and the first chunk (building the new messages, saving, starting the request): ${sendTasks()}

${naive ? `naive / incremental main-thread time: ${fmt(ratio("long"))}x at 20 KB, ${fmt(ratio("long-200k"))}x at 200 KB\n` : ""}cost per chunk, 200 KB vs 20 KB (incremental): ${fmt(growth, 2)}x
first load (html + css + js + wasm): ${kb(results.size.raw)} raw, ${kb(results.size.gz)} gzip, ${kb(results.size.br)} brotli
renderer module, fetched after the first paint: ${kb(results.size.lazy.raw)} raw, ${kb(results.size.lazy.gz)} gzip, ${kb(results.size.lazy.br)} brotli
(runs per figure: ${RUNS}; results in target/bench/results.json)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
