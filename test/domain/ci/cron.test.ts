// `ci init --schedule`'s cron check, held to GitHub's own: the workflow parser's verdict on the same
// line in a `schedule:` trigger.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cronProblem, executorsWorkflow } from '../../../src/domain/ci/index.js';
import { WORKFLOW_OPTIONS, workflowErrors } from '../../helpers/actions-workflow.js';

const githubTakes = async (cron: string) =>
  (await workflowErrors(executorsWorkflow({ ...WORKFLOW_OPTIONS, schedule: cron }))).length === 0;

describe('cron lines for the schedule trigger', () => {
  it.each([
    '*/30 * * * *',
    '0 6 * * 1-5',
    '15,45 */2 1-10/3 JAN-MAR mon,fri',
    '0 0 31 12 0',
  ])('takes %s', async (line) => {
    expect(cronProblem(line)).toBeNull();
    expect(await githubTakes(line)).toBe(true);
  });

  it.each([
    ['* * * *', /has 4 field\(s\); a cron line has 5/],
    ['* * * * * *', /has 6 field/],
    ['', /has 0 field/],
    ['60 * * * *', /minute field "60": "60" is not a value from 0 to 59/],
    ['0 24 * * *', /hour field/],
    ['0 0 0 * *', /day of the month field/],
    ['0 0 * 13 *', /month field "13": "13" is not a value from 1 to 12 or JAN-DEC/],
    ['0 0 * * 7', /day of the week field/],
    ['0 0 * * MON-SUN', /the range "MON-SUN" runs backwards/],
    ['*/0 * * * *', /the step of "\*\/0" is not from 1 to 59/],
    ['0 0 * */13 *', /the step of "\*\/13" is not from 1 to 12/],
    ['@daily * * * *', /is not a value/],
    ['0 0 L * *', /"L" is not a value/],
    ['1,,2 * * * *', /"" is not \*, a value or a range/],
  ])('refuses %j', async (line, message) => {
    expect(cronProblem(line)).toMatch(message);
    if (line) expect(await githubTakes(line)).toBe(false);
  });

  it("agrees with GitHub's parser on lines made of fields, values, ranges, steps and lists", async () => {
    const value = fc.oneof(
      fc.integer({ min: 0, max: 65 }).map(String),
      fc.constantFrom('JAN', 'dec', 'MON', 'sat', 'SUN', 'FOO'),
    );
    const item = fc.oneof(
      fc.constant('*'),
      value,
      fc.tuple(value, value).map(([a, b]) => `${a}-${b}`),
      fc
        .tuple(fc.oneof(fc.constant('*'), value), fc.integer({ min: 0, max: 70 }))
        .map(([a, n]) => `${a}/${n}`),
    );
    const field = fc.array(item, { minLength: 1, maxLength: 3 }).map((l) => l.join(','));
    await fc.assert(
      fc.asyncProperty(fc.array(field, { minLength: 5, maxLength: 5 }), async (fields) => {
        const line = fields.join(' ');
        expect(cronProblem(line) === null, line).toBe(await githubTakes(line));
      }),
      { numRuns: 300 },
    );
  });
});
