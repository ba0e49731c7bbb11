// The row for a chat of many turns (issue 17): a chat of 100 turns (200
// messages, ~2 KB answers with thinking), opened from a new chat and
// reloaded onto, for the build as shipped (its newest messages first,
// the older ones a batch per frame: src/ui/thread.rs) and the `unsliced`
// build (every message at once, as before), in the same run.
//
// Figures: from the reload (or the click) to the last answer shown, and to
// all 200 messages built; whether the view is then at the end; from a
// Chromium trace until the page is quiet, the main thread's CPU time and
// its longest task (wall and CPU; the reload's apart from the navigation's
// own task, as in switching.mjs).
import { fmt, median } from "./common.mjs";
import { afterNavigation, cpuTime, longest, startTrace, stopTrace } from "./trace.mjs";
import { manyTurns, openPage, quiet, store } from "./seed.mjs";

const TURNS = 100;
const END = "The end of the long conversation.";

/**
 * When the last answer's end is shown and when all `messages` are, in ms
 * from a click on `button` (an element handle, clicked here after stamping
 * `mark` in the trace) or, without one, from the navigation (a page just
 * loaded); and whether the view is at the end then.
 */
async function timeOpen(page, mark, messages, button = null) {
  return page.evaluate(
    ({ mark, end, messages, button }) =>
      new Promise((resolve, reject) => {
        let t0 = 0;
        if (button) {
          console.timeStamp(mark);
          t0 = performance.now();
          button.click();
        }
        let shown = null;
        const check = () => {
          const answers = document.querySelectorAll('article[data-message-role="assistant"]');
          const last = answers[answers.length - 1];
          if (shown == null && last && last.textContent.includes(end)) shown = performance.now() - t0;
          const all = document.querySelectorAll("article[data-message-role]").length;
          if (shown != null && all === messages) {
            const thread = document.querySelector(".thread");
            const gap = thread.scrollHeight - thread.scrollTop - thread.clientHeight;
            return resolve({ shown, built: performance.now() - t0, atEnd: gap < 120 });
          }
          if (performance.now() - t0 > 60000) return reject(new Error(`${mark}: ${all} of ${messages} messages`));
          requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
    { mark, end: END, messages, button },
  );
}

async function turnsOnce(browser, url) {
  const { ctx, page } = await openPage(browser, url);
  try {
    const now = Date.now();
    await store(page, [manyTurns("long", "The long chat", TURNS, now - 60000, END)]);
    await page.reload();
    await timeOpen(page, "load", TURNS * 2);
    await quiet(page);

    // Away to a new chat, then back to the long one.
    const nav = page.getByRole("navigation", { name: "Conversations" });
    await page.getByRole("button", { name: "New chat" }).click();
    await page.locator("article[data-message-role]").first().waitFor({ state: "detached" });
    await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
    const button = await nav.getByRole("button", { name: "The long chat", exact: true }).elementHandle();
    await startTrace(browser, page);
    const switched = await timeOpen(page, "bench-switch", TURNS * 2, button);
    await quiet(page);
    await page.evaluate(() => console.timeStamp("bench-quiet"));
    const trace = await stopTrace(browser, "bench-switch");
    switched.cpu = cpuTime(trace.tasks, trace.markAt);
    switched.longest = longest(trace.tasks, trace.markAt);

    // Reloading the page onto it (the long chat is open now).
    await startTrace(browser, page);
    await page.evaluate(() => console.timeStamp("bench-reload"));
    await page.reload();
    await page.waitForFunction(() => document.querySelector(".thread"), null, { timeout: 60000, polling: 20 });
    const reload = await timeOpen(page, "reload", TURNS * 2);
    await quiet(page);
    await page.evaluate(() => console.timeStamp("bench-quiet"));
    const loaded = await stopTrace(browser, "bench-reload");
    reload.cpu = cpuTime(loaded.tasks, loaded.markAt);
    reload.pageLongest = afterNavigation(loaded.tasks, loaded.markAt).page;
    return { reload, switched };
  } finally {
    await ctx.close();
  }
}

function summarize(runs, longestOf) {
  return {
    shownMs: median(runs.map((r) => r.shown)),
    builtMs: median(runs.map((r) => r.built)),
    notAtEnd: runs.filter((r) => !r.atEnd).length,
    cpuMs: median(runs.map((r) => r.cpu)),
    longestTaskMs: Math.max(...runs.map((r) => longestOf(r).ms)),
    longestTaskCpuMs: Math.max(...runs.map((r) => longestOf(r).cpu)),
  };
}

/** The many-turns row for the build served at `url`. */
export async function turnsRow(browser, url, label, runs) {
  const all = [];
  for (let i = 0; i < runs; i++) all.push(await turnsOnce(browser, url));
  const out = {
    runs,
    reload: summarize(all.map((r) => r.reload), (r) => r.pageLongest),
    switched: summarize(all.map((r) => r.switched), (r) => r.longest),
  };
  process.stderr.write(`  ${label} ${TURNS} turns: ${JSON.stringify(out)}\n`);
  return out;
}

/** The row as a markdown table, with the ratios to the unsliced build. */
export function turnsTable(rows) {
  const kinds = ["sliced", "unsliced"].filter((k) => rows[k]);
  const lines = [];
  for (const [what, label] of [["reload", "reload onto it"], ["switched", "switch to it"]]) {
    for (const k of kinds) {
      const r = rows[k][what];
      lines.push(`| ${label} | ${k} | ${fmt(r.shownMs, 0)} / ${fmt(r.builtMs, 0)} | ${r.notAtEnd} of ${rows[k].runs} | ${fmt(r.cpuMs, 0)} | ${fmt(r.longestTaskMs, 0)} / ${fmt(r.longestTaskCpuMs, 0)} |`);
    }
  }
  const a = rows.sliced, b = rows.unsliced;
  const ratio = a && b
    ? `\nsliced against unsliced, a chat of ${TURNS} turns: longest task ${fmt(b.reload.longestTaskCpuMs / Math.max(1e-9, a.reload.longestTaskCpuMs))}x shorter on reload, ${fmt(b.switched.longestTaskCpuMs / Math.max(1e-9, a.switched.longestTaskCpuMs))}x on switching (CPU)`
    : "";
  return `
| a chat of ${TURNS} turns (${TURNS * 2} messages) | build | last answer shown / all built ms | view not at the end | main-thread CPU until quiet ms | longest task ms wall / CPU (reload: after the navigation's task) |
| --- | --- | ---: | ---: | ---: | ---: |
${lines.join("\n")}
${ratio}`;
}
