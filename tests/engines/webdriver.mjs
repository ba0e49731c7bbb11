// A small W3C WebDriver client over plain HTTP (node's fetch): start a driver
// (geckodriver, WebKitWebDriver), open a session, find elements, click, type,
// run scripts, take screenshots. Only what the smoke test needs.
// Spec: https://www.w3.org/TR/webdriver2/
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";

/** The key under which WebDriver returns an element reference. */
const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
/** Special keys for Element Send Keys (the spec's code points). */
export const Keys = { tab: "\uE004", enter: "\uE007" };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A TCP port free right now on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Start a driver (`command args…`) that listens on `port`; resolves once its
 * /status says ready. It runs in a process group of its own so `stop()` ends
 * it with every browser process it started. `output()` is everything it and
 * its browser printed (the browser's console, where the engine writes it).
 */
export async function startDriver(command, args, port, env = {}) {
  const proc = spawn(command, args, {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
    env: { ...process.env, ...env },
  });
  let output = "";
  let exited = null;
  proc.stdout.on("data", (d) => (output += d));
  proc.stderr.on("data", (d) => (output += d));
  proc.on("error", (e) => (exited = String(e)));
  proc.on("exit", (code, signal) => (exited ??= `exited with ${code ?? signal}`));
  const gone = new Promise((resolve) => proc.on("exit", resolve));
  const sendToGroup = (name) => {
    try {
      process.kill(-proc.pid, name);
    } catch {
      // the group is gone already
    }
  };
  const url = `http://127.0.0.1:${port}`;
  const driver = {
    url,
    output: () => output,
    /** End the driver's process group and wait for it (SIGKILL after 5 s). */
    async stop() {
      sendToGroup("SIGTERM");
      const timer = setTimeout(() => sendToGroup("SIGKILL"), 5000);
      await gone;
      clearTimeout(timer);
    },
  };
  for (let i = 0; i < 300; i++) {
    if (exited) throw new Error(`${command} ${exited}:\n${output}`);
    try {
      const status = await (await fetch(`${url}/status`)).json();
      if (status.value?.ready) return driver;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await driver.stop();
  throw new Error(`${command} not ready after 30 s:\n${output}`);
}

/** POST/GET/DELETE one WebDriver command; returns its `value` or throws its error. */
async function command(method, url, body) {
  const res = await fetch(url, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const { value } = await res.json();
  if (!res.ok) {
    const e = new Error(`WebDriver ${method} ${url}: ${value?.error}: ${value?.message}`);
    e.code = value?.error;
    throw e;
  }
  return value;
}

/** XPath 1.0 string literal for any text (XPath has no escapes). */
function literal(text) {
  if (!text.includes("'")) return `'${text}'`;
  if (!text.includes('"')) return `"${text}"`;
  return `concat('${text.split("'").join(`', "'", '`)}')`;
}

/**
 * Locators by accessible name. WebDriver has no role or label locators (only
 * CSS, XPath, link text and tag name), so these XPaths follow the ways this
 * page names its controls: a button by its text or `aria-label`; a form field
 * by a `<label for=…>` naming it, a `<label>` wrapping it, or its `aria-label`.
 */
export const by = {
  button(name) {
    const n = literal(name);
    return `//button[normalize-space(.)=${n} or @aria-label=${n}]`;
  },
  field(name) {
    const n = literal(name);
    const control = "(self::input or self::textarea or self::select)";
    return [
      `//*[${control} and @id=//label[normalize-space(.)=${n}]/@for]`,
      `//label[normalize-space(.)=${n}]//*[${control}]`,
      `//*[${control} and @aria-label=${n}]`,
    ].join(" | ");
  },
};

/** One browser session. Elements are the driver's references ({[ELEMENT]: id}). */
export class Session {
  static async open(driver, capabilities) {
    const value = await command("POST", `${driver.url}/session`, {
      capabilities: { alwaysMatch: capabilities },
    });
    return new Session(`${driver.url}/session/${value.sessionId}`);
  }

  constructor(base) {
    this.base = base;
  }

  call(method, path, body) {
    return command(method, this.base + path, body);
  }

  goto(url) {
    return this.call("POST", "/url", { url });
  }

  refresh() {
    return this.call("POST", "/refresh", {});
  }

  setWindowSize(width, height) {
    return this.call("POST", "/window/rect", { width, height });
  }

  /** All elements matching an XPath. */
  async findAll(xpath) {
    return this.call("POST", "/elements", { using: "xpath", value: xpath });
  }

  /** The one element matching `xpath` (waits up to `timeout` ms for it; fails if there are several). */
  async find(xpath, timeout = 10000) {
    const found = await this.waitFor(`an element ${xpath}`, async () => {
      const all = await this.findAll(xpath);
      return all.length > 0 && all;
    }, timeout);
    if (found.length > 1) throw new Error(`${found.length} elements match ${xpath}`);
    return found[0];
  }

  click(element) {
    return this.call("POST", `/element/${element[ELEMENT]}/click`, {});
  }

  clear(element) {
    return this.call("POST", `/element/${element[ELEMENT]}/clear`, {});
  }

  /** Type `text` into an element as keystrokes (focusing it first). */
  type(element, text) {
    return this.call("POST", `/element/${element[ELEMENT]}/value`, { text });
  }

  attribute(element, name) {
    return this.call("GET", `/element/${element[ELEMENT]}/attribute/${name}`);
  }

  /** Run `fn(...args)` in the page; elements may be passed and returned. */
  execute(fn, ...args) {
    return this.call("POST", "/execute/sync", { script: `return (${fn}).apply(null, arguments);`, args });
  }

  /** Poll `check()` until it returns something truthy; that value, or fail after `timeout` ms. */
  async waitFor(what, check, timeout = 15000) {
    const end = Date.now() + timeout;
    for (;;) {
      const value = await check();
      if (value) return value;
      if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
      await sleep(100);
    }
  }

  /**
   * Save the viewport as a PNG, after two animation frames: WebKit's
   * screenshot otherwise can show the frame from before the last change
   * (a dialog just opened missing).
   */
  async screenshot(path) {
    await this.call("POST", "/execute/async", {
      script: "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));",
      args: [],
    });
    writeFileSync(path, Buffer.from(await this.call("GET", "/screenshot"), "base64"));
  }

  close() {
    return this.call("DELETE", "");
  }
}
