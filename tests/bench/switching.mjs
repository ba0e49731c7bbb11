// The row for switching (issue 17): two stored chats, each holding the
// mock's ~200 KB answer, opened in turn ten times (A, B, A, ... starting
// from B, which start-up opened), for the renderer as shipped (sliced) and
// as it was before (built with the `unsliced` feature), in the same run.
// Both builds keep the views of answers that leave the page (parking,
// src/browser/renderer.rs), so the first visit to A builds its answer and
// the other nine bring a built view back.
//
// Before the switches, the page is reloaded onto B: start-up with a long
// chat open, until the answer is built (times from the navigation). Its
// longest task is also split in two: the navigation's own task (the old
// page's pagehide and teardown, the new document's commit: the browser's
// work, one task however the app is written) and the longest after it.
//
// Figures: per switch, from the click to the frame that shows the answer's
// last words at the bottom of the view, and to its last slice; from a
// Chromium trace over the ten switches, the main thread's CPU time and its
// longest task (wall and CPU).
import { fmt, median } from "./common.mjs";
import { afterNavigation, cpuTime, longest, startTrace, stopTrace } from "./trace.mjs";
import { answerText, longChat, openPage, quiet, store, waitReady } from "./seed.mjs";

const SWITCHES = 10;

/**
 * Clicks `button` (an element handle) and waits until a frame holds the
 * open answer's last words `end` ("shown", once that frame is laid out) and has no slice left
 * ("built"), in ms from the click, and says whether the view is then at
 * the answer's end (`atEnd`); stamps `mark` in the trace first.
 */
export async function openChat(page, button, end, mark) {
  return page.evaluate(
    ({ button, end, mark }) =>
      new Promise((resolve, reject) => {
        console.timeStamp(mark);
        const t0 = performance.now();
        button.click();
        let shown = null;
        const check = () => {
          const answer = document.querySelector('article[data-message-role="assistant"] [data-part="answer"]');
          const thread = document.querySelector(".thread");
          // Reading the scroll height lays the page out now: the time after
          // it is when this frame can paint (the frame's own start, before
          // its layout, would flatter a frame that lays out a long answer).
          const gap = thread ? thread.scrollHeight - thread.scrollTop - thread.clientHeight : null;
          if (shown == null && answer && answer.textContent.includes(end)) shown = performance.now() - t0;
          const busy = !answer || answer.getAttribute("aria-busy") === "true" || answer.querySelector(".md-pending");
          // Where the view is once the answer is built: at its end (where
          // the user left it) or not.
          if (shown != null && !busy) return resolve({ shown, built: performance.now() - t0, atEnd: gap < 120 });
          if (performance.now() - t0 > 120000) return reject(new Error("the chat never opened"));
          requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
    { button, end, mark },
  );
}

const CHATS = [
  { id: "longA", title: "Long chat A", end: "The end of long chat A." },
  { id: "longB", title: "Long chat B", end: "The end of long chat B." },
];

async function switchOnce(browser, url, answer) {
  const { ctx, page } = await openPage(browser, url);
  try {
    const now = Date.now();
    await store(
      page,
      CHATS.map((c, i) => longChat(c.id, c.title, `${answer}\n\n${c.end}`, now - (2 - i) * 60000)),
    );
    // Reloading onto B (the newest, open): a long chat reopened cold.
    await startTrace(browser, page);
    await page.evaluate(() => console.timeStamp("bench-reload"));
    await page.reload();
    await waitReady(page);
    const reload = await page.evaluate(
      (end) =>
        new Promise((resolve) => {
          const check = () => {
            const answer = document.querySelector('[data-part="answer"]');
            const built = answer && answer.textContent.includes(end) && answer.getAttribute("aria-busy") !== "true" &&
              !answer.querySelector(".md-pending") && !answer.classList.contains("plain");
            if (built) resolve({ ready: window.__readyAt, built: performance.now() });
            else requestAnimationFrame(check);
          };
          check();
        }),
      CHATS[1].end,
    );
    await quiet(page);
    await page.evaluate(() => console.timeStamp("bench-quiet"));
    const loaded = await stopTrace(browser, "bench-reload");
    reload.cpu = cpuTime(loaded.tasks, loaded.markAt);
    reload.longest = longest(loaded.tasks, loaded.markAt);
    const parts = afterNavigation(loaded.tasks, loaded.markAt);
    reload.navigation = parts.navigation;
    reload.pageLongest = parts.page;
    const nav = page.getByRole("navigation", { name: "Conversations" });
    await startTrace(browser, page);
    const switches = [];
    for (let i = 0; i < SWITCHES; i++) {
      const chat = CHATS[i % 2];
      const button = await nav.getByRole("button", { name: chat.title, exact: true }).elementHandle();
      switches.push(await openChat(page, button, chat.end, i === 0 ? "bench-switch" : "bench-switch-next"));
      await quiet(page);
    }
    await page.evaluate(() => console.timeStamp("bench-quiet"));
    const trace = await stopTrace(browser, "bench-switch");
    return { reload, switches, cpu: cpuTime(trace.tasks, trace.markAt), longest: longest(trace.tasks, trace.markAt) };
  } finally {
    await ctx.close();
  }
}

/** The switching row for the build served at `url`. */
export async function switchRow(browser, url, label, runs) {
  const answer = await answerText(url, "long-200k");
  const all = [];
  for (let i = 0; i < runs; i++) all.push(await switchOnce(browser, url, answer));
  const later = all.flatMap((r) => r.switches.slice(1));
  const out = {
    answerChars: answer.length,
    firstShownMs: median(all.map((r) => r.switches[0].shown)),
    firstBuiltMs: median(all.map((r) => r.switches[0].built)),
    laterShownMs: median(later.map((s) => s.shown)),
    laterShownMaxMs: Math.max(...later.map((s) => s.shown)),
    // Switches after which the view was not at the answer's end, of all.
    awayFromEnd: all.flatMap((r) => r.switches).filter((s) => !s.atEnd).length,
    switches: all.length * SWITCHES,
    cpuMs: median(all.map((r) => r.cpu)),
    longestTaskMs: Math.max(...all.map((r) => r.longest.ms)),
    longestTaskCpuMs: Math.max(...all.map((r) => r.longest.cpu)),
    reload: {
      readyMs: median(all.map((r) => r.reload.ready)),
      builtMs: median(all.map((r) => r.reload.built)),
      cpuMs: median(all.map((r) => r.reload.cpu)),
      longestTaskMs: Math.max(...all.map((r) => r.reload.longest.ms)),
      longestTaskCpuMs: Math.max(...all.map((r) => r.reload.longest.cpu)),
      navigationMs: Math.max(...all.map((r) => r.reload.navigation?.ms ?? NaN)),
      navigationCpuMs: Math.max(...all.map((r) => r.reload.navigation?.cpu ?? NaN)),
      pageLongestMs: Math.max(...all.map((r) => r.reload.pageLongest.ms)),
      pageLongestCpuMs: Math.max(...all.map((r) => r.reload.pageLongest.cpu)),
    },
  };
  process.stderr.write(`  ${label} switching: ${JSON.stringify(out)}\n`);
  return out;
}

/** The row as a markdown table, with the ratios to the unsliced renderer. */
export function switchTable(rows) {
  const kinds = ["sliced", "unsliced"].filter((k) => rows[k]);
  const lines = kinds.map((k) => {
    const r = rows[k];
    return `| ${k} | ${fmt(r.firstShownMs, 0)} / ${fmt(r.firstBuiltMs, 0)} | ${fmt(r.laterShownMs, 0)} / ${fmt(r.laterShownMaxMs, 0)} | ${fmt(r.cpuMs, 0)} | ${fmt(r.longestTaskMs, 0)} / ${fmt(r.longestTaskCpuMs, 0)} | ${r.awayFromEnd} of ${r.switches} |`;
  });
  const reloads = kinds.map((k) => {
    const r = rows[k].reload;
    return `| ${k} | ${fmt(r.readyMs, 0)} | ${fmt(r.builtMs, 0)} | ${fmt(r.cpuMs, 0)} | ${fmt(r.longestTaskMs, 0)} / ${fmt(r.longestTaskCpuMs, 0)} | ${fmt(r.navigationMs, 0)} / ${fmt(r.navigationCpuMs, 0)} | ${fmt(r.pageLongestMs, 0)} / ${fmt(r.pageLongestCpuMs, 0)} |`;
  });
  const a = rows.sliced, b = rows.unsliced;
  const ratio = a && b
    ? `\nsliced against unsliced, ten switches: longest task ${fmt(b.longestTaskCpuMs / Math.max(1e-9, a.longestTaskCpuMs))}x shorter (CPU), main-thread CPU time ${fmt(a.cpuMs / Math.max(1e-9, b.cpuMs), 2)}x`
    : "";
  return `
| switching between two ~200 KB chats, ten times | first switch: end shown / all built ms | the other nine: end shown median / max ms | main-thread CPU ms | longest task ms wall / CPU | view not at the end afterwards |
| --- | ---: | ---: | ---: | ---: | ---: |
${lines.join("\n")}
${ratio}

| reloading the page onto a ~200 KB chat | ready to type ms | answer built ms | main-thread CPU until quiet ms | longest task ms wall / CPU | the navigation's task ms wall / CPU | longest task after it ms wall / CPU |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${reloads.join("\n")}`;
}
