// For the post-build steps that rewrite files linked from the staged
// index.html: which staged file a <link> names, and its subresource-integrity
// value as trunk writes it (sha384).
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export function integrity(path) {
  return `sha384-${createHash("sha384").update(readFileSync(path)).digest("base64")}`;
}

/** The value of attribute `name` in an html `tag` (quoted or not, as the
 * minifier left it), or null. */
export function attribute(tag, name) {
  const m = new RegExp(`\\s${name}=("([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(tag);
  return m && (m[2] ?? m[3] ?? m[4]);
}

/** The staged file that `tag`'s page-relative href (`./x` or `x`) names, or
 * null. The build is served from any folder, so no href may start at the
 * site's root. */
export function linkedFile(staging, tag) {
  const url = attribute(tag, "href");
  if (!url || url.startsWith("/") || /^[a-z][a-z0-9+.-]*:/i.test(url)) return null;
  const path = join(staging, decodeURIComponent(url.replace(/^\.\//, "")));
  return existsSync(path) ? path : null;
}
