import type { GovFinding } from './model.js';
import type { PanelResult } from './panel.js';

const where = (f: GovFinding, runbookFile: string) =>
  f.file === runbookFile ? `line ${f.line}` : `\`${f.file}:${f.line}:${f.column}\``;

function item(f: GovFinding, runbookFile: string): string {
  const tag =
    f.severity === 'blocking' ? '**BLOCKING**' : f.source === 'ai' ? 'advisory (AI reviewer)' : 'advisory';
  return `- ${tag} ${f.source === 'ai' ? '' : `${f.rule} `}(${where(f, runbookFile)}): ${f.message.replace(/\s+/g, ' ')}`;
}

/** The "## Panel Findings" section: one subsection per role, its verdict and its findings. */
export function renderFindings(
  p: PanelResult,
  runbookFile: string,
  date: string,
  notes: string[] = [],
): string {
  const blocking = p.findings.filter((f) => f.severity === 'blocking').length;
  const out = [
    '## Panel Findings',
    '',
    `<!-- Written by "papertrail runbook review"; replaced on every review. Edit the rest of the runbook instead. -->`,
    `Reviewed ${date}: ${blocking} blocking, ${p.findings.length - blocking} advisory.`,
    ...notes.map((n) => `> ${n}`),
  ];
  const broken = p.findings.filter((f) => f.role === null);
  for (const r of p.roles) {
    const mine = p.findings.filter((f) => f.role === r.role);
    const verdict = r.approved
      ? 'approved'
      : mine.some((f) => f.severity === 'blocking')
        ? 'changes requested'
        : 'on hold';
    out.push('', `### @${r.role}: ${verdict}`);
    if (!mine.length)
      out.push(
        `- No findings (${r.rules} rule${r.rules === 1 ? '' : 's'} checked)${r.approved ? '' : '; on hold until every rule file parses'}.`,
      );
    else out.push(...mine.map((f) => item(f, runbookFile)));
  }
  if (broken.length)
    out.push('', '### Rule files that do not parse', ...broken.map((f) => item(f, runbookFile)));
  return `${out.join('\n')}\n`;
}
