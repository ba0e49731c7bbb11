// Reading the parts of a wasm binary the build hooks look at
// (short-names.mjs, size-rules.mjs): LEB128 numbers and names. `at` is a
// cursor, `{ i }`, moved past what was read.

/** An unsigned LEB128 number. */
export function readU32(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at.i++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return value;
  }
}

/** A length-prefixed UTF-8 name (`bytes` is a Buffer). */
export function readName(bytes, at) {
  const len = readU32(bytes, at);
  const name = bytes.subarray(at.i, at.i + len).toString("utf8");
  at.i += len;
  return name;
}
