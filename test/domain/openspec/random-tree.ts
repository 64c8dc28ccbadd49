// A seeded generator of messy OpenSpec trees for the differential test: plausible specs and
// deltas, then line edits (indented headers and fences, closing #s, missing spaces, CRLF, BOM).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function randomTree(root: string, seed: number, specs = 40, changes = 40): void {
  let state = seed;
  const rnd = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const names = ['Login', 'Logout', 'Audit', 'login', 'Sign in', 'Quota', 'Ping', 'Export', 'Log  out'];
  const req = (): string[] => {
    const out = [
      `${pick(['###', '###', '###', '####'])} ${pick(['Requirement: ', 'Requirement: ', '', 'Requirement:'])}${pick(names)}`,
    ];
    const body = pick([
      'The system SHALL do it.',
      'the system should',
      '',
      '**ID**: R-1',
      'It MUST\nwrap',
      '```\n#### Scenario: f\n```',
    ]);
    if (body) out.push(body);
    for (let i = Math.floor(rnd() * 3); i > 0; i--) {
      out.push(
        `${pick(['####', '####', '#####', '###'])} ${pick(['Scenario: ', ''])}${pick(['Valid', 'Wrong', 'Edge'])}`,
      );
      if (rnd() < 0.8) out.push(pick(['- **WHEN** x\n- **THEN** y', '', 'text', '```\nx\n```']));
    }
    return out;
  };
  const mainSpec = (): string[] => {
    const out: string[] = [];
    if (rnd() < 0.85)
      out.push(
        pick(['## Purpose', '## purpose', '### Purpose']),
        pick(['A purpose that is long enough to be accepted as one.', 'Short', '', 'TBD', 'TODO: x']),
      );
    if (rnd() < 0.1) out.push(...req());
    if (rnd() < 0.9) out.push(pick(['## Requirements', '## requirements', '# Requirements']));
    for (let i = Math.floor(rnd() * 4); i > 0; i--) out.push(...req());
    if (rnd() < 0.1) out.push('## ADDED Requirements', ...req());
    return out;
  };
  const delta = (): string[] => {
    const out: string[] = [];
    if (rnd() < 0.1) out.push(...req());
    for (let s = Math.floor(rnd() * 4); s > 0; s--) {
      const op = pick(['ADDED', 'MODIFIED', 'REMOVED', 'RENAMED', 'Added']);
      out.push(`## ${op} Requirements`);
      for (let k = Math.floor(rnd() * 3); k > 0; k--) {
        if (op === 'REMOVED')
          out.push(pick([`- \`### Requirement: ${pick(names)}\``, `### Requirement: ${pick(names)}`]));
        else if (op === 'RENAMED') {
          if (rnd() < 0.9) out.push(`- FROM: \`### Requirement: ${pick(names)}\``);
          if (rnd() < 0.9) out.push(`- TO: \`### Requirement: ${pick(names)}\``);
        } else out.push(...req());
      }
    }
    if (rnd() < 0.1) out.push('## Notes', ...req());
    return out;
  };
  const nasty = [
    '',
    '  ## Requirements',
    '    ```',
    '```',
    '### Requirement: X ###',
    '###Requirement: Y',
    '## ADDED  Requirements',
    '## Requirements ##',
    '- FROM: `### Requirement: Login`',
  ];
  const write = (rel: string, lines: string[]) => {
    let ls = lines.join('\n').split('\n');
    for (let e = Math.floor(rnd() * 5); e > 0; e--) {
      const at = Math.floor(rnd() * (ls.length + 1));
      const k = rnd();
      if (k < 0.4) ls.splice(at, 0, pick(nasty));
      else if (k < 0.6) ls.splice(at, 1);
      else if (k < 0.8) ls.splice(at, 0, ls[at] ?? '');
      else ls = ls.slice(0, at);
    }
    let text = `${ls.join('\n')}\n`;
    if (rnd() < 0.15) text = text.replace(/\n/g, '\r\n');
    if (rnd() < 0.1) text = `\uFEFF${text}`;
    const abs = join(root, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  };
  const caps = ['auth', 'billing', 'area/x', 'ghost'];
  for (const c of caps.slice(0, 3)) write(`openspec/specs/${c}/spec.md`, mainSpec());
  for (let i = 0; i < specs; i++) write(`openspec/specs/s${seed}-${i}/spec.md`, mainSpec());
  for (let i = 0; i < changes; i++) {
    const id = `c${seed}-${i}`;
    const n = Math.floor(rnd() * 3);
    for (let k = 0; k < n; k++) write(`openspec/changes/${id}/specs/${pick(caps)}/spec.md`, delta());
    if (n === 0) write(`openspec/changes/${id}/proposal.md`, ['# p']);
    if (rnd() < 0.05) write(`openspec/changes/${id}/specs/spec.md`, delta());
    if (rnd() < 0.05) write(`openspec/changes/${id}/specs/auth.md`, delta());
    if (rnd() < 0.2)
      write(`openspec/changes/${id}/tasks.md`, [
        pick(['## 1. A\n- [ ] 1.1 a\n- [ ] 2.1 b', '- a\n- b', '## 1. X\n- [x] 1.1 a']),
      ]);
  }
}
