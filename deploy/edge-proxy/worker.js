// The edge proxy: a Cloudflare Worker (module syntax) for a chat page on a
// host that cannot proxy (GitHub Pages, any plain static host). MiniMax very
// likely sends no CORS headers, so a browser cannot call it from another
// site; this Worker can, and answers CORS for your own site only.
//
// It forwards exactly four routes, the paths of the app's "Local proxy"
// presets:
//   POST /api/minimax/v1/chat/completions     -> https://api.minimax.io/v1/chat/completions
//   GET  /api/minimax/v1/models               -> https://api.minimax.io/v1/models
//   POST /api/minimax-cn/v1/chat/completions  -> https://api.minimaxi.com/v1/chat/completions
//   GET  /api/minimax-cn/v1/models            -> https://api.minimaxi.com/v1/models
// In the app, set the Base URL to https://<your worker>/api/minimax/v1 (or
// …/api/minimax-cn/v1 for a mainland China account).
//
// Settings (Worker variables, see wrangler.toml):
//   ALLOWED_ORIGINS  required: your site's origin(s), e.g. "https://you.github.io",
//                    separated by commas or spaces. Requests from any other
//                    origin, or with none, get 403 and no CORS headers.
//   UPSTREAM_GLOBAL, UPSTREAM_CN  optional: other upstreams (the tests point
//                    them at a local mock server).
//
// What it never does: store or add a key (it passes your request's own
// Authorization header and refuses a request without one), log anything (no
// console call in this file, so no body, header or key can reach a log),
// buffer a reply (the upstream body is handed on as a stream), or forward
// cookies, Origin or any header other than Authorization, Content-Type and
// Accept.

const UPSTREAMS = {
  "/api/minimax/": ["UPSTREAM_GLOBAL", "https://api.minimax.io"],
  "/api/minimax-cn/": ["UPSTREAM_CN", "https://api.minimaxi.com"],
};

/** The forwarded paths (after the prefix) and the one method each takes. */
const ENDPOINTS = {
  "v1/chat/completions": "POST",
  "v1/models": "GET",
};

const REQUEST_HEADERS = ["Authorization", "Content-Type", "Accept"];
const RESPONSE_HEADERS = ["Content-Type", "Retry-After"];

export default {
  async fetch(request, env) {
    const origin = request.headers.get("Origin");
    if (!origin || !allowedOrigins(env).has(origin)) {
      return text(403, "This proxy answers only the site it was set up for.\n");
    }
    const cors = corsHeaders(origin);
    const route = routeFor(new URL(request.url).pathname, env);
    if (!route) {
      return apiError(404, "not_found_error", "This proxy forwards only /v1/chat/completions and /v1/models.", cors);
    }
    if (request.method === "OPTIONS") {
      return preflight(request, route, cors);
    }
    if (request.method !== route.method) {
      cors.set("Allow", `${route.method}, OPTIONS`);
      return apiError(405, "bad_request_error", `Use ${route.method} here.`, cors);
    }
    const authorization = request.headers.get("Authorization") || "";
    if (!/^Bearer\s+\S/i.test(authorization)) {
      return apiError(
        401,
        "authentication_error",
        "No API key: this proxy holds none and forwards only requests that carry your own (Authorization: Bearer …).",
        cors,
      );
    }
    return forward(request, route, cors);
  },
};

/** The configured origins, normalised; a wildcard or a malformed entry counts for nothing. */
function allowedOrigins(env) {
  const origins = new Set();
  for (const entry of String(env.ALLOWED_ORIGINS || "").split(/[\s,]+/)) {
    if (!entry || entry.includes("*")) continue;
    try {
      const url = new URL(entry);
      if (url.origin !== "null") origins.add(url.origin);
    } catch {
      // not an origin: ignored
    }
  }
  return origins;
}

/** `{ url, method }` for a forwarded path, or null. */
function routeFor(pathname, env) {
  for (const [prefix, [variable, fallback]] of Object.entries(UPSTREAMS)) {
    if (!pathname.startsWith(prefix)) continue;
    const rest = pathname.slice(prefix.length);
    const method = Object.hasOwn(ENDPOINTS, rest) ? ENDPOINTS[rest] : null;
    if (!method) return null;
    const upstream = String(env[variable] || fallback).replace(/\/+$/, "");
    return { url: `${upstream}/${rest}`, method };
  }
  return null;
}

function corsHeaders(origin) {
  return new Headers({
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Expose-Headers": "Retry-After",
    "Cache-Control": "no-store",
    Vary: "Origin",
  });
}

/** A preflight for the route's own method and the app's headers, nothing more. */
function preflight(request, route, cors) {
  const method = request.headers.get("Access-Control-Request-Method");
  const asked = (request.headers.get("Access-Control-Request-Headers") || "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const allowed = REQUEST_HEADERS.map((h) => h.toLowerCase());
  if (method !== route.method || asked.some((h) => !allowed.includes(h))) {
    return new Response(null, { status: 403, headers: { Vary: "Origin" } });
  }
  cors.set("Access-Control-Allow-Methods", `${route.method}, OPTIONS`);
  cors.set("Access-Control-Allow-Headers", allowed.join(", "));
  cors.set("Access-Control-Max-Age", "600");
  return new Response(null, { status: 204, headers: cors });
}

async function forward(request, route, cors) {
  const headers = new Headers();
  for (const name of REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  const init = { method: route.method, headers, redirect: "manual" };
  // Read whole so it goes on with a Content-Length (a chat request is at most
  // a few MB, images included), rather than as a chunked upload.
  if (route.method === "POST") init.body = await request.arrayBuffer();
  let upstream;
  try {
    upstream = await fetch(route.url + new URL(request.url).search, init);
  } catch {
    return apiError(502, "api_error", "The proxy could not reach MiniMax.", cors);
  }
  for (const name of RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value) cors.set(name, value);
  }
  // The body goes on as it arrives: each event reaches the page at once.
  return new Response(upstream.body, { status: upstream.status, headers: cors });
}

/** An error in MiniMax's own shape, so the app words it like one from MiniMax. */
function apiError(status, type, message, headers) {
  headers.set("Content-Type", "application/json");
  const body = JSON.stringify({ type: "error", error: { type, message, http_code: String(status) } });
  return new Response(body, { status, headers });
}

function text(status, body) {
  return new Response(body, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", Vary: "Origin" },
  });
}
