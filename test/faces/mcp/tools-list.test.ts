import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TOOL_NAMES } from '../../../src/app/workflow/assistant/index.js';
import { TOOLS } from '../../../src/faces/mcp/index.js';
import { ROOT, tempDir } from '../../helpers/cli.js';
import { type McpSession, mcpSession } from '../../helpers/mcp.js';

/**
 * Token estimators for the tools/list result (its JSON, as the client receives it):
 * - `chars/4`: the usual rule of thumb for English text with GPT/Claude tokenizers;
 * - `chars/3`: a pessimistic one for JSON, whose short keys and punctuation tokenize worse than prose.
 * The budget is asserted on the pessimistic figure. For scale: task-master's tool list is 45–50k tokens.
 */
// Raised from 4000 when every tool gained an outputSchema and every argument a description (~3/5 of it);
// lowered from 12,500 when the five work_* tools came in and the schemas stopped repeating themselves.
const BUDGET_TOKENS = 12000;
/** Output fields that need no description: the server's instructions explain the first three once. */
const PLAIN = ['ok', 'error', 'dryRun', 'id', 'file', 'title', 'issue', 'step'];
const estimate = (json: string) => ({ chars: json.length, per4: json.length / 4, per3: json.length / 3 });

describe('tools/list', () => {
  let s: McpSession;
  let tools: Awaited<ReturnType<McpSession['client']['listTools']>>['tools'];
  beforeAll(async () => {
    s = await mcpSession(tempDir());
    tools = (await s.client.listTools()).tools;
  });
  afterAll(async () => {
    await s?.close();
  });

  it(`fits in ${BUDGET_TOKENS} tokens`, async () => {
    const size = estimate(JSON.stringify({ tools }));
    const prompts = estimate(JSON.stringify(await s.client.listPrompts()));
    console.log(
      `tools/list: ${tools.length} tools, ${size.chars} chars ≈ ${Math.round(size.per4)} tokens (chars/4), ${Math.round(size.per3)} (chars/3); prompts/list: ${prompts.chars} chars ≈ ${Math.round(prompts.per3)} tokens (chars/3)`,
    );
    expect(size.per3).toBeLessThan(BUDGET_TOKENS);
    for (const t of tools) expect(t.description!.length, t.name).toBeLessThanOrEqual(160);
  });

  it('maps one to one onto the CLI verbs the slash commands know', () => {
    expect(tools.map((t) => t.name).sort()).toEqual([...TOOL_NAMES].sort());
    expect(TOOLS.map((t) => t.name)).toEqual(tools.map((t) => t.name));
  });

  it('advertises schemas that accept what the --from files accept', () => {
    const ajv = new Ajv({ strict: false });
    const byName = new Map(tools.map((t) => [t.name, t]));
    for (const t of tools) expect(() => ajv.compile(t.inputSchema), t.name).not.toThrow();
    const check = (name: string, value: unknown) => {
      const validate = ajv.compile(byName.get(name)!.inputSchema);
      return validate(value) ? 'valid' : ajv.errorsText(validate.errors);
    };
    const ex = join(ROOT, 'examples/seed-000');
    const prop = parse(readFileSync(join(ex, 'prop-0001.yaml'), 'utf8'));
    const spec = JSON.parse(readFileSync(join(ex, 'spec-0001.json'), 'utf8'));
    expect(check('propose', { ...prop, dry_run: true })).toBe('valid');
    expect(check('spec', spec)).toBe('valid');
    expect(
      check('spec', { ...spec, implementations: [{ repo: 'github/runner-infra', status: 'planned' }] }),
    ).toBe('valid');
    // What valibot refuses, the advertised schema refuses too (so the assistant is told beforehand).
    expect(check('propose', { ...prop, goals: 'one' })).not.toBe('valid');
    expect(check('spec', { ...spec, proposal: undefined })).not.toBe('valid');
    expect(check('spec', { ...spec, implementations: ['not a repo'] })).not.toBe('valid');
    expect(check('implement', { issue: 2.5 })).not.toBe('valid');
    expect(check('init', { tools: ['cursor'] })).not.toBe('valid');
  });

  it('marks the read-only verbs', () => {
    const ro = tools.filter((t) => t.annotations?.readOnlyHint).map((t) => t.name);
    expect(ro.sort()).toEqual([
      'check',
      'graph',
      'list',
      'next',
      'ops_list',
      'ops_show',
      'show',
      'trace',
      'validate',
      'work_list',
    ]);
    // An executor's single steps have no dry run: a claim, completion or failure is the act itself.
    const acts = ['work_claim', 'work_heartbeat', 'work_complete', 'work_fail'];
    for (const t of tools.filter((x) => !ro.includes(x.name) && x.name !== 'next' && !acts.includes(x.name)))
      expect(Object.keys(t.inputSchema.properties ?? {}), t.name).toContain('dry_run');
  });

  it('describes every argument, at every depth', () => {
    const undescribed: string[] = [];
    const walk = (schema: Record<string, unknown>, at: string) => {
      const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
      for (const [k, p] of Object.entries(props)) {
        if (!p.description) undescribed.push(`${at}.${k}`);
        walk(p, `${at}.${k}`);
      }
      if (schema.items) walk(schema.items as Record<string, unknown>, `${at}[]`);
      for (const o of (schema.anyOf ?? []) as Record<string, unknown>[]) walk(o, at);
    };
    for (const t of tools) walk(t.inputSchema, t.name);
    expect(undescribed).toEqual([]);
  });

  it('gives every tool an outputSchema whose fields are all described', () => {
    const ajv = new Ajv({ strict: false });
    for (const t of tools) {
      expect(t.outputSchema, t.name).toMatchObject({ type: 'object' });
      expect(() => ajv.compile(t.outputSchema!), t.name).not.toThrow();
      for (const [k, p] of Object.entries(t.outputSchema!.properties ?? {}))
        if (!PLAIN.includes(k))
          expect((p as { description?: string }).description, `${t.name}.${k}`).toBeTruthy();
    }
    const told = s.client.getInstructions() ?? '';
    for (const k of ['ok', 'error', 'dryRun']) expect(told, k).toContain(k);
    const renumber = tools.find((t) => t.name === 'renumber')!.outputSchema!.properties!;
    expect((renumber.references as { description: string }).description).toMatch(/references/i);
    // An error result is checked against the same schema by the client: it must pass.
    const validate = ajv.compile(tools.find((t) => t.name === 'spec')!.outputSchema!);
    expect(validate({ ok: false, error: { code: 'x', message: 'y' } })).toBe(true);
    expect(validate({ ok: true, id: 'SPEC-0001', dryRun: true })).toBe(false);
    expect(validate({ ok: true, id: 'SPEC-0001', file: 'f', dryRun: 'yes' })).toBe(false);
  });

  it('advertises `given` as optional, and the spec tool takes a scenario without it', async () => {
    const scenario = tools.find((t) => t.name === 'spec')!.inputSchema.properties!.requirements as {
      items: { properties: { scenarios: { items: { required: string[] } } } };
    };
    expect(scenario.items.properties.scenarios.items.required).not.toContain('given');
  });
});
