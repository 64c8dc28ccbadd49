// Both backends must hand the same JS values to the code above the port. pg returns int8 (bigint, count(*))
// as a string and PGlite as a BigInt; we want plain numbers. Ids come from our own sequences and stay far
// below 2^53, so a number is exact; a value that is not is refused rather than silently rounded.
export const INT8_OID = 20;

export function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${text} does not fit a JS number exactly`);
  return n;
}
