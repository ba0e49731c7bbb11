// Trunk post-build hook. Trunk starts all hooks of a stage at once, and all
// these steps rewrite the staged index.html, so they run here in turn.
await import("./renderer-module.mjs"); // builds the renderer, adds its <meta>
await import("./size-rules.mjs"); // release: no float formatting, sort, SipHash in the wasm
await import("./short-names.mjs"); // release: short wasm import names, wasm SRI
await import("./minify-js.mjs"); // release: terser, then SRI hashes again
await import("./bundle-css.mjs"); // release: one stylesheet
await import("./csp-hash.mjs"); // hashes the inline loader into the CSP
