// For the post-build steps that rewrite files linked from the staged
// index.html: which staged file a <link> names, and its subresource-integrity
// value as trunk writes it (sha384).
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export function integrity(path) {
  return `sha384-${createHash("sha384").update(readFileSync(path)).digest("base64")}`;
}

/** The staged file that `tag`'s root-relative href names, or null. */
export function linkedFile(staging, tag) {
  const href = /\bhref=("([^"]*)"|'([^']*)'|([^\s>]+))/.exec(tag);
  const url = href && (href[2] ?? href[3] ?? href[4]);
  if (!url || !url.startsWith("/")) return null;
  const path = join(staging, decodeURIComponent(url.slice(1)));
  return existsSync(path) ? path : null;
}
