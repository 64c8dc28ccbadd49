/**
 * `s` as a string of its own. V8 makes a substring of 13 or more characters a view into the string it
 * was cut from, so a requirement's name kept from a file keeps the whole file's text alive, and every
 * young-generation collection copies that text until it is promoted. Cutting a fresh concatenation
 * copies the characters once (the concatenation is flattened first); shorter substrings are copies
 * already.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

/** `s` detached, or null as it is. */
export function detachedOrNull(s: string | null): string | null {
  return s === null ? null : detached(s);
}
