// The rows for big reads (issue 17): the ~200 KB answer arriving in 1, 10
// and 100 reads as the network hands them over (the mock's bulk-N
// scenarios: N writes 50 ms apart), and reopening a chat that holds it,
// for the renderer as shipped (sliced) and as it was before (built with
// the `unsliced` feature), in the same run.
//
// Figures: main-thread time (CDP TaskDuration, and the CPU time of the
// traced tasks), the longest main-thread task from a trace (any length,
// wall and CPU time; "stream" tasks are those that end after the first
// read, or after the click that opens the chat), per read the
// time to the next DOM change, and how long the page kept changing after
// the last read (the rest of the render). Reopening: from the click to the
// frame that shows the answer's last words at the bottom of the view, and
// to the last slice.
import { fmt, median, newPage, pct, taskSeconds } from "./common.mjs";
import { cpuTime, longest, startTrace, stopTrace } from "./trace.mjs";
import { openChat } from "./switching.mjs";

export const READ_SCENARIOS = ["bulk-1", "bulk-10", "bulk-100"];

/** The reply is done and the renderer has no slice left. */
async function settled(page, timeout = 600000) {
  await page.waitForFunction(
    () => {
      const all = document.querySelectorAll('article[data-message-role="assistant"]');
      const last = all[all.length - 1];
      return (
        last &&
        last.getAttribute("data-status") === "done" &&
        !last.querySelector('[data-part="answer"][aria-busy="true"]')
      );
    },
    null,
    { timeout, polling: 50 },
  );
}

async function send(page, text) {
  const box = page.getByRole("textbox", { name: "Message" });
  await box.fill(text);
  await box.press("Enter");
}

async function readsOnce(browser, url, scenario) {
  const { ctx, page } = await newPage(browser, url, { split: false });
  const cdp = await ctx.newCDPSession(page);
  await cdp.send("Performance.enable");
  const before = await taskSeconds(cdp);
  await startTrace(browser, page);
  await send(page, `Benchmark scenario:${scenario}`);
  await settled(page);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 100))));
  const trace = await stopTrace(browser, "bench-first-read");
  const busy = ((await taskSeconds(cdp)) - before) * 1000;
  const data = await page.evaluate(() => {
    const reads = window.__bench.chunks;
    const last = reads[reads.length - 1];
    return {
      reads: reads.length,
      maxRead: Math.max(0, ...reads.map((c) => c.bytes)),
      dom: reads.map((c) => c.dom ?? null),
      rest: last ? window.__bench.lastMutation - last.t : null,
      answerChars: document.querySelector('[data-part="answer"]')?.textContent.length ?? 0,
    };
  });
  await ctx.close();
  return {
    busy,
    cpu: cpuTime(trace.tasks),
    longest: longest(trace.tasks, trace.markAt),
    ...data,
  };
}

async function reopenOnce(browser, url) {
  const { ctx, page } = await newPage(browser, url, { split: false });
  await send(page, "Benchmark reopen scenario:bulk-1");
  await settled(page);
  const end = await page.evaluate(() =>
    document.querySelector('[data-part="answer"]').textContent.trim().slice(-30),
  );
  await page.getByRole("button", { name: "New chat" }).click();
  await page.locator("article[data-message-role]").first().waitFor({ state: "detached" });
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  const cdp = await ctx.newCDPSession(page);
  await cdp.send("Performance.enable");
  const before = await taskSeconds(cdp);
  const button = await page
    .getByRole("navigation", { name: "Conversations" })
    .locator(".chat-item", { hasText: "Benchmark reopen" })
    .elementHandle();
  await startTrace(browser, page);
  const times = await openChat(page, button, end, "bench-open");
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 100))));
  const trace = await stopTrace(browser, "bench-open");
  const busy = ((await taskSeconds(cdp)) - before) * 1000;
  await ctx.close();
  return { ...times, busy, cpu: cpuTime(trace.tasks, trace.markAt), longest: longest(trace.tasks, trace.markAt) };
}

function summarizeReads(runs) {
  const dom = runs.flatMap((r) => r.dom);
  return {
    reads: median(runs.map((r) => r.reads)),
    maxReadBytes: median(runs.map((r) => r.maxRead)),
    answerChars: runs[0].answerChars,
    busyMs: median(runs.map((r) => r.busy)),
    cpuMs: median(runs.map((r) => r.cpu)),
    longestTaskMs: Math.max(...runs.map((r) => r.longest.ms)),
    longestTaskCpuMs: Math.max(...runs.map((r) => r.longest.cpu)),
    domP50: pct(dom, 50),
    domP95: pct(dom, 95),
    restMs: median(runs.map((r) => r.rest)),
  };
}

function summarizeReopen(runs) {
  return {
    shownMs: median(runs.map((r) => r.shown)),
    builtMs: median(runs.map((r) => r.built)),
    busyMs: median(runs.map((r) => r.busy)),
    cpuMs: median(runs.map((r) => r.cpu)),
    longestTaskMs: Math.max(...runs.map((r) => r.longest.ms)),
    longestTaskCpuMs: Math.max(...runs.map((r) => r.longest.cpu)),
  };
}

/** Every read row and the reopen row for the build served at `url`. */
export async function readRows(browser, url, label, runs) {
  const out = {};
  for (const scenario of READ_SCENARIOS) {
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await readsOnce(browser, url, scenario));
    out[scenario] = summarizeReads(results);
    process.stderr.write(`  ${label} ${scenario}: ${JSON.stringify(out[scenario])}\n`);
  }
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await reopenOnce(browser, url));
  out.reopen = summarizeReopen(results);
  process.stderr.write(`  ${label} reopen: ${JSON.stringify(out.reopen)}\n`);
  return out;
}

const LABELS = { "bulk-1": "1 read", "bulk-10": "10 reads", "bulk-100": "100 reads" };

/** The rows as markdown tables, with the ratios to the unsliced renderer. */
export function readTable(reads) {
  const rows = [];
  for (const scenario of READ_SCENARIOS) {
    for (const kind of ["sliced", "unsliced"]) {
      const r = reads[kind]?.[scenario];
      if (!r) continue;
      rows.push(
        `| ~200 KB in ${LABELS[scenario]} | ${kind} | ${r.reads} | ${fmt(r.maxReadBytes / 1024, 0)} | ${fmt(r.busyMs, 0)} / ${fmt(r.cpuMs, 0)} | ${fmt(r.longestTaskMs, 0)} / ${fmt(r.longestTaskCpuMs, 0)} | ${fmt(r.domP50)} / ${fmt(r.domP95)} | ${fmt(r.restMs, 0)} |`,
      );
    }
  }
  const reopen = ["sliced", "unsliced"]
    .filter((kind) => reads[kind]?.reopen)
    .map((kind) => {
      const r = reads[kind].reopen;
      return `| ${kind} | ${fmt(r.shownMs, 0)} | ${fmt(r.builtMs, 0)} | ${fmt(r.busyMs, 0)} / ${fmt(r.cpuMs, 0)} | ${fmt(r.longestTaskMs, 0)} / ${fmt(r.longestTaskCpuMs, 0)} |`;
    });
  const ratios = [...READ_SCENARIOS, "reopen"]
    .filter((s) => reads.sliced?.[s] && reads.unsliced?.[s])
    .map((s) => {
      const a = reads.sliced[s], b = reads.unsliced[s];
      return `${LABELS[s] ?? s}: longest task ${fmt(b.longestTaskCpuMs / Math.max(1e-9, a.longestTaskCpuMs))}x shorter (CPU), main-thread CPU time ${fmt(a.cpuMs / Math.max(1e-9, b.cpuMs), 2)}x`;
    });
  return `
| delivery | renderer | reads | largest read KiB | busy ms wall / CPU | longest task ms wall / CPU | read to DOM p50 / p95 ms | rendering after the last read ms |
| --- | --- | ---: | ---: | ---: | ---: | --- | ---: |
${rows.join("\n")}

| reopening the ~200 KB chat | end shown ms | all built ms | busy ms wall / CPU | longest task ms wall / CPU |
| --- | ---: | ---: | ---: | ---: |
${reopen.join("\n")}

sliced against unsliced: ${ratios.join("; ")}`;
}
