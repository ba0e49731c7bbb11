// Part of the trunk post-build hook (post-build.mjs): writes the web app
// manifest and its icons (drawn by icons.mjs) into the staged dist, next to
// index.html, which links them. Every URL in the manifest is relative to it,
// so the installed app is the folder it was installed from.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { icon } from "./icons.mjs";
import { attribute } from "./sri.mjs";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("web-manifest: run me as a trunk hook (TRUNK_STAGING_DIR)");
  process.exit(1);
}

export const MANIFEST = "manifest.webmanifest";
const ICONS = [
  { src: "icons/icon-192.png", size: 192, purpose: "any" },
  { src: "icons/icon-512.png", size: 512, purpose: "any" },
  { src: "icons/icon-maskable-512.png", size: 512, purpose: "maskable" },
];

// The page's own theme colours are the <meta name="theme-color"> tags in
// index.html (one per colour scheme); the manifest takes the light one.
const html = readFileSync(join(staging, "index.html"), "utf8");
const themes = [...html.matchAll(/<meta\b[^>]*>/g)]
  .map((m) => m[0])
  .filter((tag) => attribute(tag, "name") === "theme-color");
const light = themes.find((tag) => /light/.test(attribute(tag, "media") ?? ""));
const dark = themes.find((tag) => /dark/.test(attribute(tag, "media") ?? ""));
if (!light || !dark || !html.includes(MANIFEST)) {
  console.error(`web-manifest: index.html needs theme-color metas for light and dark, and a link to ${MANIFEST}`);
  process.exit(1);
}
const colour = attribute(light, "content");

const manifest = {
  name: "MiniMax Chat",
  short_name: "MiniMax Chat",
  description: "Chat with MiniMax's models in your browser; your chats stay on this device.",
  id: "./",
  start_url: "./",
  scope: "./",
  display: "standalone",
  background_color: colour,
  theme_color: colour,
  icons: ICONS.map(({ src, size, purpose }) => ({ src, sizes: `${size}x${size}`, type: "image/png", purpose })),
};

mkdirSync(join(staging, "icons"), { recursive: true });
for (const { src, size, purpose } of ICONS) {
  writeFileSync(join(staging, src), icon(size, { maskable: purpose === "maskable" }));
}
writeFileSync(join(staging, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
console.log(`web-manifest: ${MANIFEST} and ${ICONS.length} icons`);
