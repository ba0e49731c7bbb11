// Trunk post-build hook. Trunk starts all hooks of a stage at once, and both
// steps rewrite the staged index.html, so they run here one after the other.
await import("./renderer-module.mjs"); // builds the renderer, adds its <meta>
await import("./csp-hash.mjs"); // hashes the inline loader into the CSP
