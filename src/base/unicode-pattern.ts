// V8 checks a regular expression when it compiles the code that holds it, and a Unicode property class
// (\p{L}, \p{M}…) expands there into hundreds of ranges to sort and merge: about a millisecond a pattern,
// paid by every command that loads the module, whether the pattern is ever used or not. A handful of
// them sat in modules every command loads (BENCHMARKS.md, `work list`). Built from a string on first
// use instead, a pattern costs nothing until a value needs it.

/** The pattern `source` with `flags`, built the first time it is asked for and the same object after. */
export function unicodePattern(source: string, flags: string): () => RegExp {
  let re: RegExp | undefined;
  return () => {
    re ??= new RegExp(source, flags);
    return re;
  };
}
