// The two engines besides Chromium, as Debian ships them, each behind its
// W3C WebDriver server: Firefox ESR (geckodriver) and WebKitGTK's MiniBrowser
// (WebKitWebDriver, under a virtual X display). Paths can be overridden.
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { startDriver } from "./webdriver.mjs";

const env = process.env;

/** Where `name` is on PATH (or `name` itself if it is a path), else null. */
function which(name) {
  if (name.includes("/")) return existsSync(name) ? name : null;
  for (const dir of (env.PATH || "").split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

const GECKODRIVER = env.GECKODRIVER || "geckodriver";
const FIREFOX = env.FIREFOX_BIN || "/usr/bin/firefox-esr";
const WEBKIT_DRIVER = env.WEBKIT_DRIVER || "WebKitWebDriver";
const MINIBROWSER = env.MINIBROWSER_BIN || "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

export const engines = [
  {
    name: "firefox",
    label: "Firefox (firefox-esr + geckodriver)",
    needs: [GECKODRIVER, FIREFOX],
    start: (port) => startDriver(GECKODRIVER, ["--host", "127.0.0.1", "--port", String(port)], port),
    capabilities: {
      browserName: "firefox",
      "moz:firefoxOptions": {
        binary: FIREFOX,
        args: ["-headless"],
        prefs: {
          // The page's console goes to Firefox's stdout, which geckodriver
          // passes on: uncaught errors from the very first script are seen.
          "devtools.console.stdout.content": true,
        },
      },
    },
    /**
     * Uncaught errors of pages from `origin` in the driver's output. Its
     * `console.error:` lines are left out: Firefox's own (offline remote
     * settings) look the same; the in-page recorder sees the page's.
     */
    consoleErrors(output, origin) {
      return output.split("\n").filter((line) => line.startsWith(`JavaScript error: ${origin}`));
    },
  },
  {
    name: "webkit",
    label: "WebKit (WebKitGTK MiniBrowser + WebKitWebDriver, Xvfb)",
    needs: [WEBKIT_DRIVER, MINIBROWSER, "xvfb-run"],
    start: (port) => startDriver("xvfb-run", ["-a", WEBKIT_DRIVER, `--port=${port}`], port),
    capabilities: {
      browserName: "MiniBrowser",
      "webkitgtk:browserOptions": { binary: MINIBROWSER, args: ["--automation"] },
    },
    // MiniBrowser under automation does not write the page's console to its
    // output (its --enable-write-console-messages-to-stdout works only
    // without --automation), so only the in-page recorder reports errors.
    consoleErrors: () => [],
  },
];

/** The engine's programs that are not installed. */
export function missing(engine) {
  return engine.needs.filter((name) => !which(name));
}
