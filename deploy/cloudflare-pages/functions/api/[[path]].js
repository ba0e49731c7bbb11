// Cloudflare Pages Function: the same-origin proxy to MiniMax for the app's
// "Local proxy" presets. Pages' _redirects cannot proxy to another host, so
// this does it: /api/minimax/<rest> goes to https://api.minimax.io/<rest>,
// /api/minimax-cn/<rest> to https://api.minimaxi.com/<rest>.
//
// Only Authorization (your own key, from your browser), Content-Type and
// Accept go on: no cookies, no client address. Nothing is logged. The reply
// is handed on as a stream, event by event.

const UPSTREAMS = {
  minimax: ["UPSTREAM_GLOBAL", "https://api.minimax.io"],
  "minimax-cn": ["UPSTREAM_CN", "https://api.minimaxi.com"],
};
const REQUEST_HEADERS = ["Authorization", "Content-Type", "Accept"];

export async function onRequest({ request, env }) {
  const url = new URL(request.url);
  const match = url.pathname.match(/^\/api\/(minimax|minimax-cn)\/(.*)$/);
  if (!match) return new Response("Not found\n", { status: 404 });
  const [variable, fallback] = UPSTREAMS[match[1]];
  const upstream = String(env[variable] || fallback).replace(/\/+$/, "");

  const headers = new Headers();
  for (const name of REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  const init = { method: request.method, headers, redirect: "manual" };
  // Read whole so it goes on with a Content-Length, not as a chunked upload.
  if (!["GET", "HEAD"].includes(request.method)) init.body = await request.arrayBuffer();
  const reply = await fetch(`${upstream}/${match[2]}${url.search}`, init);

  const out = new Headers(reply.headers);
  out.delete("Set-Cookie");
  return new Response(reply.body, { status: reply.status, headers: out });
}
