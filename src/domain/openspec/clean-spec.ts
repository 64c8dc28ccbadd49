// A quick "nothing to report" for a main spec in the usual shape, without building its model:
//
//   [text]  [# Title]  [text]  ## Purpose  text  ## Requirements  [text]
//   then one or more:  ### Requirement: <name>  text  #### <scenario>  text  [#### ...]
//
// validate reads every main spec of a tree, and most are written exactly like this and are clean;
// parsing and checking one costs more than this check (BENCHMARKS.md). The answer is only
// ever "clean" or "not sure": a spec in any other shape (a fence, an indented or unusual header, a
// CR, a `**Key**:` line, any doubt) or with anything to report is "not sure", and the caller then
// parses and checks it in full. So this never decides a finding: it can only skip a spec on which
// checkMainSpec would report nothing, which test/domain/openspec/clean-spec.test.ts checks against
// the full parser on generated and mutated specs.
import { isAsciiSpace } from './names.js';
import { isPlaceholderPurpose } from './purpose.js';
import { MAX_REQUIREMENT_TEXT, MIN_PURPOSE } from './rules-spec.js';

const HASH = 35;
const SPACE = 32;
const BACKTICK = 96;
const TILDE = 126;
const STAR = 42;

/** What String.prototype.trim removes (ECMAScript WhiteSpace and LineTerminator). */
function isTrimSpace(c: number): boolean {
  if (c < 128) return isAsciiSpace(c);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** `[A-Za-z0-9_]`, the word characters of a non-Unicode `\b`. */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * True only when checkMainSpec(parseOpenSpecSpec(source)) would return no finding and the spec is in
 * the shape above; false means "parse it".
 */
export function isCleanMainSpec(source: string): boolean {
  const n = source.length;
  // A byte-order mark or a CR changes the line and text arithmetic below: leave those to the parser.
  if (n === 0 || source.charCodeAt(0) === 0xfeff || source.indexOf('\r') !== -1) return false;
  // Per call, not one set reused: a long-lived set lives in the old generation, and the names it
  // held (slices that keep the whole file alive) then outlived every young-generation collection.
  const names = new Set<string>();
  // The next SHALL / MUST at or after a position, found once and reused, so a long spec is still
  // searched in one pass.
  const shall = { word: 'SHALL', at: -2 };
  const must = { word: 'MUST', at: -2 };
  const hasKeyword = (from: number, to: number): boolean =>
    wordIn(source, shall, from, to) || wordIn(source, must, from, to);

  // 0 before Purpose, 1 in Purpose, 2 after Requirements, 3 in a requirement's text, 4 in a scenario.
  let phase = 0;
  let titled = false;
  let purposeFrom = 0;
  let requirements = 0;
  // The current requirement: its text's length as readBody joins it, where that text lies, and
  // whether one of its scenarios has a body yet.
  let textLength = 0;
  let textFrom = -1;
  let textTo = -1;
  let scenarioWithBody = false;
  let scenarioHasBody = false;

  const requirementDone = (): boolean => {
    if (scenarioHasBody) scenarioWithBody = true;
    return (
      textLength > 0 && textLength <= MAX_REQUIREMENT_TEXT && scenarioWithBody && hasKeyword(textFrom, textTo)
    );
  };

  let pos = 0;
  for (;;) {
    let end = source.indexOf('\n', pos);
    if (end === -1) end = n;
    const c0 = pos < end ? source.charCodeAt(pos) : -1;
    if (c0 === HASH) {
      let k = pos;
      while (k < end && source.charCodeAt(k) === HASH) k++;
      const level = k - pos;
      const from = k + 1;
      // `#… text`: one space, then text that neither starts nor ends with a blank or a #.
      if (level > 4 || source.charCodeAt(k) !== SPACE || from >= end) return false;
      const first = source.charCodeAt(from);
      const last = source.charCodeAt(end - 1);
      if (first === HASH || last === HASH || isTrimSpace(first) || isTrimSpace(last)) return false;
      if (level === 1) {
        if (phase !== 0 || titled || isSectionName(source, from, end)) return false;
        titled = true;
      } else if (level === 2) {
        if (phase === 0 && end - from === 7 && source.startsWith('Purpose', from)) {
          phase = 1;
          purposeFrom = end + 1;
        } else if (phase === 1 && end - from === 12 && source.startsWith('Requirements', from)) {
          // The Purpose is the text between the two headers, trimmed (no fence, so all of it is prose).
          const purpose = purposeFrom < pos ? source.slice(purposeFrom, pos - 1).trim() : '';
          if (purpose.length < MIN_PURPOSE || isPlaceholderPurpose(purpose)) return false;
          phase = 2;
        } else return false;
      } else if (level === 3) {
        if (phase < 2 || !source.startsWith('Requirement: ', from)) return false;
        if (phase > 2 && !requirementDone()) return false;
        const name = source.slice(from + 13, end);
        // Where `Requirement:\s*(.+)$` would not take the name as written.
        const c = name.charCodeAt(0);
        if (name.length === 0 || isTrimSpace(c) || name.includes('\u2028') || name.includes('\u2029')) {
          return false;
        }
        if (names.has(name)) return false;
        names.add(name);
        requirements++;
        phase = 3;
        textLength = 0;
        textFrom = -1;
        textTo = -1;
        scenarioWithBody = false;
        scenarioHasBody = false;
      } else {
        if (phase < 3) return false;
        if (scenarioHasBody) scenarioWithBody = true;
        scenarioHasBody = false;
        phase = 4;
      }
    } else if (c0 !== -1) {
      let a = pos;
      while (a < end && isTrimSpace(source.charCodeAt(a))) a++;
      if (a < end) {
        const c = source.charCodeAt(a);
        // A header or a fence in either reading (indented ones too): the parser's business. A line
        // opening with inline `code` is neither.
        if (c === HASH) return false;
        if (
          (c === BACKTICK || c === TILDE) &&
          source.charCodeAt(a + 1) === c &&
          source.charCodeAt(a + 2) === c
        ) {
          return false;
        }
        if (phase === 3) {
          // `**Key**: value` lines are metadata to readBody; they are rare enough to leave to it.
          if (c === STAR && source.charCodeAt(a + 1) === STAR) return false;
          let b = end;
          while (isTrimSpace(source.charCodeAt(b - 1))) b--;
          textLength += (textLength > 0 ? 1 : 0) + (b - a);
          if (textFrom < 0) textFrom = a;
          textTo = b;
        } else if (phase === 4) scenarioHasBody = true;
      }
    }
    if (end === n) break;
    pos = end + 1;
  }
  return phase >= 3 && requirements > 0 && requirementDone();
}

/** Whether the header text in [from, to) is one of the section names OpenSpec looks for at any level. */
function isSectionName(source: string, from: number, to: number): boolean {
  const length = to - from;
  if (length !== 7 && length !== 12) return false;
  const t = source.slice(from, to).toLowerCase();
  return t === 'purpose' || t === 'requirements';
}

/** `\bWORD\b` somewhere in [from, to), searching forward from the last hit only. */
function wordIn(source: string, w: { word: string; at: number }, from: number, to: number): boolean {
  if (from < 0) return false;
  const len = w.word.length;
  for (;;) {
    if (w.at < from && w.at !== -1) w.at = source.indexOf(w.word, from);
    if (w.at === -1 || w.at + len > to) return false;
    const before = w.at > 0 ? source.charCodeAt(w.at - 1) : -1;
    const after = w.at + len < source.length ? source.charCodeAt(w.at + len) : -1;
    if (!isWordChar(before) && !isWordChar(after)) return true;
    w.at = source.indexOf(w.word, w.at + 1);
  }
}
