import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { commandLine } from '../../../src/faces/cli/commands/checks.js';

describe('checks run: the words after -- as one command line', () => {
  it('runs one word as a shell script, and quotes several back as they were typed', () => {
    expect(commandLine(['npm test && npm run lint'])).toBe('npm test && npm run lint');
    const words = ['printf', '%s|', 'it works', "it's", '$HOME', 'a;b'];
    const line = commandLine(words);
    expect(execFileSync('sh', ['-c', line], { encoding: 'utf8' })).toBe("it works|it's|$HOME|a;b|");
  });
});
