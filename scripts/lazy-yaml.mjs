// The bundles' stand-in for `yaml` (see build.mjs): the library (dist/yaml.cjs, built from the
// package) is loaded on first use instead of parsed at every start, so a command that meets no YAML
// (an OpenSpec tree whose YAML is all flat, a workspace whose settings are cached) never loads it. Only the names Papertrail's sources import are here; the build
// fails on any other.
let lib;
// `require` is the bundle's own (its banner), resolving next to the file this stand-in landed in:
// dist/ for a single-file bundle, dist/chunks/ for a chunk of the CLI.
const yaml = () =>
  (lib ??= import.meta.url.includes('/chunks/') ? require('../yaml.cjs') : require('./yaml.cjs'));

export const parse = (...args) => yaml().parse(...args);
export const parseDocument = (...args) => yaml().parseDocument(...args);
export const stringify = (...args) => yaml().stringify(...args);
export const isMap = (node) => yaml().isMap(node);
export const isScalar = (node) => yaml().isScalar(node);
// The visitor's control values are the library's own symbols.
export const visit = Object.defineProperty((...args) => yaml().visit(...args), 'BREAK', {
  get: () => yaml().visit.BREAK,
});
// Constructors that return the library's own instance, so `new` gives the real class.
export class LineCounter {
  constructor() {
    // biome-ignore lint/correctness/noConstructorReturn: stands in for the library's class
    return new (yaml().LineCounter)();
  }
}
export class Scalar {
  constructor(value) {
    // biome-ignore lint/correctness/noConstructorReturn: stands in for the library's class
    return new (yaml().Scalar)(value);
  }
}
