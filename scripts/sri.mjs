// Subresource-integrity value of a file, as trunk writes it (sha384).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

export function integrity(path) {
  return `sha384-${createHash("sha384").update(readFileSync(path)).digest("base64")}`;
}
