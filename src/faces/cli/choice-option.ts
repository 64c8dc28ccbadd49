import { Option } from 'commander';
import { unknownValue } from '../../app/workflow/unknown-value.js';

/**
 * An option with a fixed set of values: listed in --help as commander lists choices, and a value
 * outside them refused as every other usage error is (a stable code, a did-you-mean, --json).
 */
export function choiceOption(flags: string, description: string, allowed: readonly string[]): Option {
  const option = new Option(flags, description).choices(allowed);
  return option.argParser((value: string) => {
    if (allowed.includes(value)) return value;
    throw unknownValue(`value of ${option.long}`, value, allowed);
  });
}
