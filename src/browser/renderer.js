// Loads the markdown renderer module (markdown/src/main.rs) on demand.
// `url` is relative to the page. Its wasm sits next to it, named as
// wasm-bindgen names it (`markdown.js`, `markdown_bg.wasm`:
// scripts/renderer-module.mjs): it is fetched at once, alongside the
// module's JS, not once that has loaded and asks for it (a round trip less
// before a stored chat can be shown).
export async function loadRenderer(url) {
  const js = new URL(url, document.baseURI);
  const wasm = fetch(new URL(js.pathname.replace(/\.js$/, "_bg.wasm"), js));
  // Its failure is reported by the module's init below, or not at all if
  // the import fails first: never as an unhandled rejection.
  wasm.catch(() => {});
  const module = await import(js.href);
  await module.default({ module_or_path: wasm });
  return module;
}

export function newRenderer(module, container) {
  return new module.Markdown(container);
}

export function newHtmlPage(module) {
  return new module.HtmlPage();
}
