import { describe, expect, it } from 'vitest';
import {
  groupedFlags,
  parseRequirementFlag,
  parseScenarioFlag,
  splitList,
} from '../../../src/faces/cli/argv-groups.js';

describe('grouped flags', () => {
  it('keeps members with the head before them, and every head closes the previous group', () => {
    const argv = [
      '--requirement',
      'A: x',
      '--scenario',
      's1',
      '--override',
      'B: y',
      '--replaces',
      'M',
      '--scenario',
      's2',
      '--depends-on',
      'A',
      '--requirement=C: z',
      '--scenario=s3',
    ];
    const groups = groupedFlags(
      argv,
      ['--requirement', '--override'],
      ['--scenario', '--depends-on', '--replaces'],
    );
    expect(groups).toEqual([
      { flag: '--requirement', head: 'A: x', members: { '--scenario': ['s1'] } },
      {
        flag: '--override',
        head: 'B: y',
        members: { '--replaces': ['M'], '--scenario': ['s2'], '--depends-on': ['A'] },
      },
      { flag: '--requirement', head: 'C: z', members: { '--scenario': ['s3'] } },
    ]);
  });

  it('ignores members before any head and everything after --', () => {
    expect(groupedFlags(['--pro', 'x', '--option', 'O', '--', '--pro', 'y'], '--option', ['--pro'])).toEqual([
      { flag: '--option', head: 'O', members: {} },
    ]);
  });

  it('parses a one-line scenario by its upper-case keywords', () => {
    expect(
      parseScenarioFlag(
        'Scale up: GIVEN a pool with min=2 WHEN 5 jobs wait THEN runners are added AND an event is logged',
      ),
    ).toEqual({
      name: 'Scale up',
      given: ['a pool with min=2'],
      when: ['5 jobs wait'],
      then: ['runners are added', 'an event is logged'],
    });
    // Lower-case words are text, not keywords.
    expect(parseScenarioFlag('S: GIVEN then and when WHEN x THEN y').given).toEqual(['then and when']);
  });

  it('splits requirement flags and lists', () => {
    expect(parseRequirementFlag('Auto-Scaling: The system SHALL scale: up and down')).toEqual({
      name: 'Auto-Scaling',
      statement: 'The system SHALL scale: up and down',
    });
    expect(splitList(['A, B', 'C'])).toEqual(['A', 'B', 'C']);
  });
});
