// The rows for whole-history work (issue 17): start-up with 0, 30 and 300
// stored chats, and search, export (JSON, all chats) and import of that
// export into an empty browser over 30 and 300 chats, on the release build.
//
// The baseline: none of these has a "before" build (the lazy start-up and
// the sliced search came without a feature flag, and export and import
// still work in one task), so each row is measured in the same run against
// a smaller history: start-up against no chats (the target: ready
// with 300 within 1.2x of ready with none), the rest against 30 chats. A
// row whose longest task grows with the history is one that blocks.
//
// Figures: from a Chromium trace, the main thread's CPU time and its
// longest task (wall and CPU) over the action; start-up apart until the
// page is ready to type and after it, until the page is quiet (the chats
// start-up left unread are read in the background). Start-up is the median
// of several loads of each size, by reload and from a blank tab, the sizes
// in turn: one load each, a slow moment of the machine (or the first load
// of the run) decided the ratio.
import { fmt, kb, median } from "./common.mjs";
import { between, cpuTime, longest, startTrace, stopTrace } from "./trace.mjs";
import { history, openPage, quiet, store, waitReady } from "./seed.mjs";

export const SIZES = [0, 30, 300];
// The search looks for a word held by three chats: the newest, one in the
// middle and the oldest (the last the search reaches).
const WORD = "marmalade";
const wordAt = (n) => [...new Set([n - 1, Math.floor(n / 2), 0])];
const title = (i) => `Benchmark chat ${i}`;

/** Tasks from `from` to `to` (trace marks): CPU time and the longest. */
function window_(trace, from, to) {
  const tasks = between(trace.tasks, trace.marks[from] ?? null, to ? trace.marks[to] ?? null : null);
  return { cpu: cpuTime(tasks), longest: longest(tasks) };
}

// Page loads per stored-history size for the start-up rows, the sizes
// taken in turn so that a slow moment of the machine falls on each alike.
const STARTUP_LOADS = Number(process.env.BENCH_STARTUP_LOADS || 7);

/**
 * One start-up of the page (holding its stored chats): by reload, or from
 * a blank tab, as a person opening the app does. Ready is when the
 * Message box is there and the open chat's first message is shown
 * (`READY`), on the new page's clock, which starts at the navigation (so
 * a reload counts the old page's pagehide and teardown).
 */
async function startupLoad(browser, page, url, n, how) {
  if (how === "blank") await page.goto("about:blank");
  await startTrace(browser, page);
  await page.evaluate(() => console.timeStamp("bench-reload"));
  if (how === "blank") await page.goto(url + "/");
  else await page.reload();
  await waitReady(page);
  const quietAt = await quiet(page);
  await page.evaluate(() => console.timeStamp("bench-quiet"));
  const trace = await stopTrace(browser, "bench-ready");
  const readyAt = await page.evaluate(() => window.__readyAt);
  const listed = await page.getByRole("navigation", { name: "Conversations" }).locator(".chat-item").count();
  if (listed !== n) throw new Error(`start-up with ${n} chats listed ${listed}`);
  return {
    readyMs: readyAt,
    quietMs: quietAt,
    toReady: window_(trace, "bench-reload", "bench-ready"),
    after: window_(trace, "bench-ready", "bench-quiet"),
  };
}

/**
 * The start-up rows: a page per size holding that many stored chats, each
 * loaded `STARTUP_LOADS` times by reload and as many from a blank tab, the
 * sizes in turn. Medians, the longest task the longest of all the loads.
 */
async function startupRows(browser, url) {
  const pages = [];
  try {
    for (const n of SIZES) {
      const { ctx, page } = await openPage(browser, url);
      pages.push({ n, ctx, page, chars: await store(page, history(n, { word: WORD, wordAt: wordAt(n) })) });
    }
    const loads = new Map(SIZES.map((n) => [n, { reload: [], blank: [] }]));
    for (let i = 0; i < STARTUP_LOADS; i++) {
      for (const { n, page } of pages) {
        for (const how of ["reload", "blank"]) loads.get(n)[how].push(await startupLoad(browser, page, url, n, how));
      }
    }
    const out = {};
    for (const { n, chars } of pages) {
      const { reload, blank } = loads.get(n);
      out[n] = {
        storedChars: chars,
        ...summarize(reload, (r) => r),
        blankReadyMs: median(blank.map((r) => r.readyMs)),
        blankCpu: median(blank.map((r) => r.toReady.cpu)),
      };
    }
    return out;
  } finally {
    for (const { ctx } of pages) await ctx.close();
  }
}

async function search(browser, page, n) {
  const box = await page.getByLabel("Search chats").elementHandle();
  const expected = wordAt(n).map(title);
  await startTrace(browser, page);
  const times = await page.evaluate(
    ({ box, word, expected }) =>
      new Promise((resolve, reject) => {
        const nav = document.querySelector('nav[aria-label="Conversations"]');
        const shown = () => [...nav.querySelectorAll(".chat-title-text")].map((e) => e.textContent);
        let first = null;
        const check = () => {
          const titles = shown();
          if (titles.length === 0 || !titles.every((t) => expected.includes(t))) return;
          first ??= performance.now() - t0;
          if (titles.length === expected.length) {
            observer.disconnect();
            console.timeStamp("bench-searched");
            resolve({ first, all: performance.now() - t0 });
          }
        };
        const observer = new MutationObserver(check);
        observer.observe(nav, { subtree: true, childList: true, characterData: true });
        setTimeout(() => reject(new Error("the search never ended")), 60000);
        console.timeStamp("bench-search");
        const t0 = performance.now();
        box.value = word;
        box.dispatchEvent(new Event("input", { bubbles: true }));
      }),
    { box, word: WORD, expected },
  );
  await quiet(page);
  await page.evaluate(() => console.timeStamp("bench-quiet"));
  const trace = await stopTrace(browser, "bench-search");
  await page.getByLabel("Search chats").fill("");
  return { ...times, ...window_(trace, "bench-search", "bench-quiet") };
}

async function exportAll(browser, page, n) {
  await page.getByRole("button", { name: "Export" }).click();
  await page.getByLabel("All chats").check();
  await page.getByLabel(/^JSON/).check();
  const button = await page.getByRole("button", { name: "Download" }).elementHandle();
  await startTrace(browser, page);
  const download = page.waitForEvent("download", { timeout: 120000 });
  const t0 = Date.now();
  await page.evaluate((button) => {
    console.timeStamp("bench-export");
    button.click();
  }, button);
  const file = await download;
  const wall = Date.now() - t0;
  await quiet(page);
  await page.evaluate(() => console.timeStamp("bench-quiet"));
  const trace = await stopTrace(browser, "bench-export");
  const bytes = Buffer.concat(await (await file.createReadStream()).toArray());
  const chats = JSON.parse(bytes.toString("utf8")).chats?.length;
  if (chats !== n) throw new Error(`the export of ${n} chats holds ${chats}`);
  return { wall, bytes, ...window_(trace, "bench-export", "bench-quiet") };
}

/** Imports `bytes` (an export) into an empty browser. */
async function importFile(browser, url, bytes, n) {
  const { ctx, page } = await openPage(browser, url);
  try {
    await page.evaluate(() => {
      document.addEventListener(
        "change",
        () => {
          console.timeStamp("bench-import");
          window.__importAt = performance.now();
        },
        { capture: true, once: true },
      );
      new MutationObserver((_, observer) => {
        const status = [...document.querySelectorAll('[role="status"]')].find((e) => /Imported/.test(e.textContent));
        if (!status) return;
        observer.disconnect();
        console.timeStamp("bench-imported");
        window.__imported = { ms: performance.now() - window.__importAt, text: status.textContent };
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    // The file is made in the page before the trace starts, then handed to
    // the input as a picker would: Playwright's setInputFiles builds a 5 MB
    // file inside the page in one task of half a second (its work, not the
    // app's), the same task that fires the input's change event.
    await page.evaluate((text) => {
      window.__file = new File([text], "export.json", { type: "application/json" });
    }, bytes.toString("utf8"));
    await startTrace(browser, page);
    await page.getByLabel("Import file").evaluate((input) => {
      const picked = new DataTransfer();
      picked.items.add(window.__file);
      input.files = picked.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    const imported = await (
      await page.waitForFunction(() => window.__imported, null, { timeout: 120000, polling: 50 })
    ).jsonValue();
    await quiet(page);
    await page.evaluate(() => console.timeStamp("bench-quiet"));
    const trace = await stopTrace(browser, "bench-import");
    const listed = await page.getByRole("navigation", { name: "Conversations" }).locator(".chat-item").count();
    if (listed !== n) throw new Error(`the import of ${n} chats listed ${listed}: ${imported.text}`);
    return { wall: imported.ms, ...window_(trace, "bench-import", "bench-quiet") };
  } finally {
    await ctx.close();
  }
}

/** One run of the search, export and import rows at every size. */
async function historyOnce(browser, url) {
  const out = {};
  for (const n of SIZES.slice(1)) {
    const { ctx, page } = await openPage(browser, url);
    try {
      await store(page, history(n, { word: WORD, wordAt: wordAt(n) }));
      await page.reload();
      await waitReady(page);
      await quiet(page);
      const row = { search: await search(browser, page, n) };
      const { bytes, ...exported } = await exportAll(browser, page, n);
      row.export = { ...exported, fileBytes: bytes.length };
      row.import = await importFile(browser, url, bytes, n);
      out[n] = row;
    } finally {
      await ctx.close();
    }
  }
  return out;
}

// The median of each figure over the runs, the longest task the longest.
function summarize(runs, pick) {
  const rows = runs.map(pick).filter(Boolean);
  if (rows.length === 0) return null;
  const out = {};
  for (const key of Object.keys(rows[0])) {
    const v = rows[0][key];
    if (key === "longest") {
      out.longestMs = Math.max(...rows.map((r) => r.longest.ms));
      out.longestCpuMs = Math.max(...rows.map((r) => r.longest.cpu));
    } else if (typeof v === "number") out[key] = median(rows.map((r) => r[key]));
    else if (v && typeof v === "object") out[key] = summarize(rows, (r) => r[key]);
  }
  return out;
}

/** Every whole-history row for the build served at `url`. */
export async function historyRows(browser, url, runs) {
  const startup = await startupRows(browser, url);
  const all = [];
  for (let i = 0; i < runs; i++) all.push(await historyOnce(browser, url));
  const out = {};
  for (const n of SIZES) {
    out[n] = { startup: startup[n] };
    for (const kind of ["search", "export", "import"]) {
      const s = summarize(all, (r) => r[n]?.[kind]);
      if (s) out[n][kind] = s;
    }
    process.stderr.write(`  history ${n} chats: ${JSON.stringify(out[n])}\n`);
  }
  return out;
}

const task = (w) => `${fmt(w.longestMs, 0)} / ${fmt(w.longestCpuMs, 0)}`;
const ratio = (a, b) => fmt(a / Math.max(1e-9, b), 2);

/** The rows as markdown tables, with the ratios to the smaller history. */
export function historyTable(h) {
  const start = SIZES.map((n) => {
    const s = h[n].startup;
    return `| ${n} | ${kb(s.storedChars * 2)} | ${fmt(s.readyMs, 0)} / ${fmt(s.blankReadyMs, 0)} | ${fmt(s.toReady.cpu, 0)} / ${fmt(s.blankCpu, 0)} | ${task(s.toReady)} | ${fmt(s.quietMs - s.readyMs, 0)} | ${fmt(s.after.cpu, 0)} | ${task(s.after)} |`;
  });
  const rows = [];
  for (const [kind, label, wall] of [
    ["search", "search (first hit / all hits ms)", (r) => `${fmt(r.first, 0)} / ${fmt(r.all, 0)}`],
    ["export", "export all, JSON (click to download ms)", (r) => `${fmt(r.wall, 0)} (${kb(r.fileBytes)})`],
    ["import", "import that file, empty browser (to the outcome ms)", (r) => fmt(r.wall, 0)],
  ]) {
    for (const n of SIZES.slice(1)) {
      const r = h[n][kind];
      rows.push(`| ${label} | ${n} | ${wall(r)} | ${fmt(r.cpu, 0)} | ${task(r)} |`);
    }
  }
  const big = h[300], small = h[30], none = h[0];
  const ratios = [
    `start-up, ready 300 / 0 chats: ${ratio(big.startup.readyMs, none.startup.readyMs)}x by reload, ${ratio(big.startup.blankReadyMs, none.startup.blankReadyMs)}x from a blank tab (target 1.2x); main-thread CPU to ready ${ratio(big.startup.toReady.cpu, none.startup.toReady.cpu)}x, ${ratio(big.startup.blankCpu, none.startup.blankCpu)}x`,
    // With no chat the page shows its empty state and nothing else; with
    // 30 it shows a chat, as with 300: this ratio is the history's own share.
    `start-up, ready 300 / 30 chats: ${ratio(big.startup.readyMs, small.startup.readyMs)}x by reload, ${ratio(big.startup.blankReadyMs, small.startup.blankReadyMs)}x from a blank tab; main-thread CPU to ready ${ratio(big.startup.toReady.cpu, small.startup.toReady.cpu)}x`,
    ...["search", "export", "import"].map(
      (k) => `${k} 300 / 30 chats: longest task ${ratio(big[k].longestCpuMs, small[k].longestCpuMs)}x (CPU), main-thread CPU ${ratio(big[k].cpu, small[k].cpu)}x`,
    ),
  ];
  return `
| start-up, stored chats | stored (UTF-16) | ready to type ms, reload / blank tab | CPU to ready ms, reload / blank tab | longest task to ready ms wall / CPU | then until quiet ms | CPU until quiet ms | longest task after ready ms wall / CPU |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${start.join("\n")}

| over the history | chats | time ms | main-thread CPU ms | longest task ms wall / CPU |
| --- | ---: | ---: | ---: | ---: |
${rows.join("\n")}

${ratios.join("\n")}`;
}
