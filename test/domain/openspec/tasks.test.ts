import { describe, expect, it } from 'vitest';
import { checkTasks, parseTasks } from '../../../src/domain/openspec/index.js';
import { at, md } from './helpers.js';

describe('tasks.md', () => {
  it('counts checkboxes under any list marker; only x means done', () => {
    const t = parseTasks(
      md(
        '- [ ] a',
        '* [x] b',
        '+ [X] c',
        '1. [~] d',
        '2) [] e',
        '  - [ x ] f',
        '- [link](x)',
        '- [ ](weird)',
      ),
    );
    expect(t.map((x) => [x.line, x.done, x.description])).toEqual([
      [1, false, 'a'],
      [2, true, 'b'],
      [3, true, 'c'],
      [4, false, 'd'],
      [5, false, 'e'],
      [6, true, 'f'],
      [8, false, '(weird)'],
    ]);
  });

  it('tasks-no-checkboxes: points at the first rendered list item', () => {
    const src = md(
      '---',
      'tags:',
      '  - a',
      '---',
      '```',
      '- in fence',
      '```',
      '<!--',
      '- in comment',
      '-->',
      '    - indented code',
      '## 1. Work',
      '- 1.1 do it',
    );
    const f = checkTasks(src, 'tasks.md', true);
    expect(at(f)).toEqual(['tasks-no-checkboxes@13']);
    expect(f[0]!.severity).toBe('warning');
    expect(checkTasks(md('Just prose.'), 'tasks.md', true)).toEqual([]);
  });

  it('task-numbering and task-duplicate inside numbered groups', () => {
    const src = md(
      '## 1. A',
      '- [ ] 1.1 one',
      '- [ ] 2.1 misplaced',
      '- [ ] 1.1 again',
      '## Notes',
      '- [ ] 9.9 ungrouped',
      '## 02. B',
      '- [ ] 2.2 ok',
    );
    const f = checkTasks(src, 'tasks.md', true);
    expect(at(f)).toEqual(['task-numbering@3', 'task-duplicate@4']);
    expect(f[1]!.related?.[0]?.line).toBe(2);
    expect(checkTasks(src, 'tasks.md', false)).toEqual([]);
  });

  it('ignores numbering in files without numbered groups', () => {
    expect(checkTasks(md('## Work', '- [ ] 2.1 x', '- [ ] 2.1 y'), 'tasks.md', true)).toEqual([]);
  });
});
