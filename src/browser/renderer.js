// Loads the markdown renderer module (markdown/src/main.rs) on demand.
// `url` is relative to the page; the module finds its .wasm next to itself.
export async function loadRenderer(url) {
  const module = await import(new URL(url, document.baseURI).href);
  await module.default();
  return module;
}

export function newRenderer(module, container) {
  return new module.Markdown(container);
}

export function newHtmlPage(module) {
  return new module.HtmlPage();
}
