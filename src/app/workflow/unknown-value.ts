import { PtError } from '../../base/errors.js';
import { suggest } from '../../domain/graph/suggest.js';

/**
 * The refusal of a value outside a fixed set (a status, a kind, an output format): a filter that
 * matches nothing would otherwise answer "no documents" for a typo, which reads as a true answer.
 */
export function unknownValue(
  what: string,
  value: string,
  allowed: readonly string[],
  code = 'usage/unknown-value',
): PtError {
  const near = suggest(value, allowed);
  return new PtError(code, `"${value}" is not a known ${what}`, {
    hint: `${near.length ? `Did you mean ${near.join(' or ')}? ` : ''}Use one of: ${allowed.join(', ')}.`,
    exit: 2,
    details: { value, allowed },
  });
}
