// The longest task on the page's main thread, from a Chromium trace: the
// Long Tasks API only reports tasks of 50 ms and more, and the renderer's
// slices are meant to be a few milliseconds each. Each task's wall time,
// and its CPU time (the thread's clock): on a machine shared with other
// work the wall time also counts the moments the thread was not running.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

// BENCH_TRACE_CATEGORIES=a,b adds trace categories (for example "blink,v8"
// to see inside a long task in a kept trace); the figures do not use them.
const CATEGORIES = [
  "devtools.timeline",
  "disabled-by-default-devtools.timeline",
  ...(process.env.BENCH_TRACE_CATEGORIES || "").split(",").filter(Boolean),
];

export async function startTrace(browser, page) {
  await browser.startTracing(page, { categories: CATEGORIES });
}

/**
 * Stops the trace and returns the main thread's tasks in it as
 * {start, ms, cpu} (start in ms from the trace's first task), when the page
 * stamped `mark` with console.timeStamp (null if it did not), and when it
 * stamped each other name (`marks`, the last stamp of each).
 */
export async function stopTrace(browser, mark) {
  const raw = await browser.stopTracing();
  // BENCH_TRACE_DIR=dir keeps every trace, to open in Chrome's Performance
  // panel and see what a long task did.
  if (process.env.BENCH_TRACE_DIR) {
    mkdirSync(process.env.BENCH_TRACE_DIR, { recursive: true });
    writeFileSync(join(process.env.BENCH_TRACE_DIR, `${mark}-${Date.now()}.json`), raw);
  }
  const { traceEvents } = JSON.parse(raw.toString());
  const mains = new Set(
    traceEvents
      .filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain")
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const tasks = traceEvents.filter(
    (e) => e.name === "RunTask" && e.ph === "X" && mains.has(`${e.pid}:${e.tid}`),
  );
  const origin = Math.min(...tasks.map((e) => e.ts));
  const marks = {};
  for (const e of traceEvents) {
    if (e.name === "TimeStamp" && e.args?.data?.message) marks[e.args.data.message] = (e.ts - origin) / 1000;
  }
  // Tasks that commit a document load: after a reload, the navigation's
  // (the old page's pagehide and teardown, the new document committed).
  const commits = traceEvents
    .filter((e) => e.name === "CommitLoad" && mains.has(`${e.pid}:${e.tid}`))
    .map((e) => e.ts);
  return {
    tasks: tasks.map((e) => ({
      start: (e.ts - origin) / 1000,
      ms: e.dur / 1000,
      cpu: (e.tdur ?? e.dur) / 1000,
      commitsLoad: commits.some((ts) => ts >= e.ts && ts <= e.ts + e.dur),
    })),
    markAt: marks[mark] ?? null,
    marks,
  };
}

/**
 * The longest of `tasks` that end after `from` (all of them if null): wall
 * time and CPU time, each the longest of its kind.
 */
export function longest(tasks, from = null) {
  const after = tasks.filter((t) => from == null || t.start + t.ms > from);
  return { ms: Math.max(0, ...after.map((t) => t.ms)), cpu: Math.max(0, ...after.map((t) => t.cpu)) };
}

/**
 * After a reload marked at `from`: the navigation's task (the one that
 * commits the load: the old page's pagehide and teardown, the new
 * document's commit, in one task the browser runs) and the longest of the
 * tasks that start after it (the new page's own work), each as {ms, cpu}.
 */
export function afterNavigation(tasks, from) {
  const nav = tasks.find((t) => t.start + t.ms > from && t.commitsLoad);
  if (!nav) return { navigation: null, page: longest(tasks, from) };
  const later = tasks.filter((t) => t.start >= nav.start + nav.ms);
  return { navigation: { ms: nav.ms, cpu: nav.cpu }, page: longest(later) };
}

/** CPU time of all `tasks` that end after `from`. */
export function cpuTime(tasks, from = null) {
  return tasks.filter((t) => from == null || t.start + t.ms > from).reduce((sum, t) => sum + t.cpu, 0);
}

/** The tasks that end after `from` and start before `to` (null: no bound). */
export function between(tasks, from, to) {
  return tasks.filter((t) => (from == null || t.start + t.ms > from) && (to == null || t.start < to));
}
