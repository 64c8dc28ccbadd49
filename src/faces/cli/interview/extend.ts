import type { ExtensionRequest, OverrideRequest } from '../../../app/workflow/index.js';
import type { Asker } from './asker.js';
import { oneLine } from './lists.js';
import { askRequirement, askRequirements } from './requirement.js';

/** papertrail's /extend: title, add or override, requirements. */
export async function interviewExtension(
  a: Asker,
  base: { id: string; title: string; requirements: string[] },
  d: Partial<ExtensionRequest>,
): Promise<ExtensionRequest> {
  a.intro(`New extension of ${base.id}: ${base.title}`);
  const title = d.title ?? (await a.text({ message: 'Short title for the extension?' }));
  const overview =
    d.overview ??
    (await a.text({ message: 'Why does this extension exist? (one or two sentences)', prose: true }));
  const kind = await a.select({
    message: 'What does it do?',
    options: [
      { value: 'add', label: 'Add new requirements only' },
      { value: 'override', label: 'Override existing requirements only' },
      { value: 'both', label: 'Both' },
    ],
  });
  const added = kind === 'override' ? [] : await askRequirements(a, base.requirements);
  const overrides: OverrideRequest[] = [];
  if (kind !== 'add') {
    a.info(`Requirements of ${base.id}: ${base.requirements.map((r, i) => `${i + 1}) ${r}`).join(', ')}`);
    for (;;) {
      const which = await a.text({
        message: 'Which requirement does it override? (number or name; Enter when done)',
        optional: overrides.length > 0,
        validate: (s) =>
          /^\d+$/.test(s)
            ? base.requirements[Number(s) - 1]
              ? undefined
              : 'No such number'
            : base.requirements.some((r) => r.toLowerCase() === s.toLowerCase())
              ? undefined
              : 'No such requirement',
      });
      if (!which) break;
      const replaces = /^\d+$/.test(which)
        ? base.requirements[Number(which) - 1]!
        : base.requirements.find((r) => r.toLowerCase() === which.toLowerCase())!;
      // A one-line field of the requirement's metadata: a pasted paragraph keeps its words on it.
      const reason = oneLine(
        await a.text({ message: `Why does "${replaces}" need to change?`, prose: true }),
      );
      const r = await askRequirement(a, 'replacing', []);
      if (r) overrides.push({ ...r, replaces, reason });
      if (!(await a.confirm({ message: 'Override another requirement?', initial: false }))) break;
    }
  }
  return { ...d, title, overview, added, overrides } as ExtensionRequest;
}
