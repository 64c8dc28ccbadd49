// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the run templates' own ${{ }} syntax is under test
import { describe, expect, it } from 'vitest';
import { answerEnvName, interpolate, parseTemplateYaml } from '../../../src/domain/ops/index.js';
import { refusalOf } from '../../helpers/refusal.js';

const ASK = `slug: notes
title: Release notes
kind: docs
risk: { level: low }
inputs:
  - name: version
phases:
  - name: Draft
    steps:
      - id: draft
        ask:
          prompt: "Write release notes for \${{ inputs.version }}"
          system: You are terse.
          maxTokens: 300
          fallback: "Release \${{ inputs.version }}"
      - pr:
          title: "docs: \${{ inputs.version }}"
          body: "\${{ steps.draft.answer }}"
          branch: "ops/notes-\${{ run.short }}"
          files:
            - { path: NOTES.md, content: "\${{ steps.draft.answer }}\\n" }
`;

describe('ask steps in run templates', () => {
  it('reads an ask step whose answer a later step uses', () => {
    const t = parseTemplateYaml(ASK, 'runs/notes.yaml');
    expect(t.phases[0]?.steps[0]).toEqual({
      kind: 'ask',
      id: 'draft',
      title: 'Ask the language model',
      ask: {
        prompt: 'Write release notes for ${{ inputs.version }}',
        system: 'You are terse.',
        maxTokens: 300,
        fallback: 'Release ${{ inputs.version }}',
      },
    });
    expect(interpolate('${{ steps.draft.answer }}!', { 'steps.draft.answer': 'Hi' })).toBe('Hi!');
    expect(answerEnvName('draft-2')).toBe('PT_STEP_DRAFT_2_ANSWER');
  });

  it.each([
    [
      'the answer of a step that does not exist',
      ASK.replace('body: "${{ steps.draft.answer }}"', 'body: "${{ steps.nope.answer }}"'),
      'ops/template-unknown-answer',
      18,
    ],
    [
      'an answer used before its step runs',
      ASK.replace(
        'prompt: "Write release notes for ${{ inputs.version }}"',
        'prompt: "${{ steps.draft.answer }}"',
      ),
      'ops/template-unknown-answer',
      12,
    ],
    ['a max of no tokens', ASK.replace('maxTokens: 300', 'maxTokens: 0'), 'ops/template-invalid', 14],
    [
      'an ask that also runs a command',
      ASK.replace('      - id: draft\n', '      - id: draft\n        run: echo hi\n'),
      'ops/template-step-kind',
      10,
    ],
  ])('refuses %s at its line', (_, text, code, line) => {
    const e = refusalOf(() => parseTemplateYaml(text, 'runs/x.yaml'));
    expect(e.code).toBe(code);
    expect(e.exit).toBe(3);
    expect(e.location).toMatchObject({ file: 'runs/x.yaml', line });
  });
});
