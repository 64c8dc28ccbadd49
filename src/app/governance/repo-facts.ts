import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Doc } from '../../domain/docs/index.js';
import { loadFile } from '../../domain/docs/index.js';
import type { Finding } from '../../domain/findings/index.js';
import {
  loadRules,
  normTitle,
  type PlannedChange,
  type RunbookFacts,
  type Story,
} from '../../domain/governance/index.js';
import { blockEnd, listItemText } from '../../domain/markdown/index.js';
import type { App } from '../kernel/index.js';

const read = (p: string) => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return null;
  }
};

/** How the repository runs its tests, from the files that say so. */
export function testCommand(root: string): string | null {
  const pkg = read(join(root, 'package.json'));
  if (pkg) {
    try {
      if ((JSON.parse(pkg) as { scripts?: Record<string, string> }).scripts?.test) return 'npm test';
    } catch {
      // A broken package.json is not this command's to report.
    }
  }
  const make = read(join(root, 'Makefile'));
  if (make && /^test\s*:/m.test(make)) return 'make test';
  if (existsSync(join(root, 'go.mod'))) return 'go test ./...';
  if (existsSync(join(root, 'Cargo.toml'))) return 'cargo test';
  if (existsSync(join(root, 'pyproject.toml')) || existsSync(join(root, 'pytest.ini'))) return 'pytest';
  if (existsSync(join(root, 'pom.xml'))) return 'mvn test';
  return null;
}

function techStack(root: string): string[] {
  const out: string[] = [];
  const pkg = read(join(root, 'package.json'));
  if (pkg) {
    try {
      const p = JSON.parse(pkg) as { engines?: { node?: string } };
      out.push(`Node.js${p.engines?.node ? ` ${p.engines.node}` : ''} (package.json)`);
    } catch {
      out.push('Node.js (package.json)');
    }
    if (existsSync(join(root, 'tsconfig.json'))) out.push('TypeScript (tsconfig.json)');
  }
  const gomod = read(join(root, 'go.mod'));
  if (gomod) out.push(`Go ${/^go\s+(\S+)/m.exec(gomod)?.[1] ?? ''} (go.mod)`.replace('Go  ', 'Go '));
  const py = read(join(root, 'pyproject.toml'));
  if (py)
    out.push(
      `Python${/requires-python\s*=\s*"([^"]+)"/.exec(py)?.[1] ? ` ${/requires-python\s*=\s*"([^"]+)"/.exec(py)![1]}` : ''} (pyproject.toml)`,
    );
  if (existsSync(join(root, 'Cargo.toml'))) out.push('Rust (Cargo.toml)');
  if (existsSync(join(root, 'pom.xml'))) out.push('Java/Maven (pom.xml)');
  const linters: [string, string][] = [
    ['biome.json', 'Biome'],
    ['.eslintrc.json', 'ESLint'],
    ['eslint.config.js', 'ESLint'],
    ['.prettierrc', 'Prettier'],
    ['.golangci.yml', 'golangci-lint'],
    ['ruff.toml', 'Ruff'],
  ];
  for (const [f, name] of linters) if (existsSync(join(root, f))) out.push(`Lint/format: ${name} (${f})`);
  return out;
}

function listDir(root: string, dir: string, re: RegExp): string[] {
  try {
    return readdirSync(join(root, dir))
      .filter((f) => re.test(f))
      .sort()
      .map((f) => `${dir}/${f}`);
  } catch {
    return [];
  }
}

/** MUST rules of a standard (its `#### MUST` lists). */
function musts(doc: Doc): string[] {
  const s = doc.scanned;
  const out: string[] = [];
  s.headings.forEach((h, k) => {
    if (!/^must$/i.test(h.text)) return;
    for (let i = h.index + 1; i < blockEnd(s, k); i++) {
      const t = listItemText(s.lines[i]!.text);
      if (t) out.push(t);
    }
  });
  return out;
}

function standards(app: App): RunbookFacts['standards'] {
  const root = app.ws.root;
  const dirs = [join(root, '.github/standards'), join(app.ws.docsRoot, 'standards')];
  const out: RunbookFacts['standards'] = [];
  const problems: Finding[] = [];
  for (const d of dirs) {
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d)
      .filter((x) => x.endsWith('.md'))
      .sort()) {
      const doc = loadFile(join(d, f), root, app.scheme, problems);
      if (doc && doc.kind === 'standard' && !out.some((o) => o.id === doc.id) && doc.status !== 'deprecated')
        out.push({ id: doc.id, title: doc.title ?? doc.id, musts: musts(doc) });
    }
  }
  return out;
}

export function specFacts(doc: Doc | null): RunbookFacts['spec'] {
  if (!doc) return null;
  const lines = doc.scanned.lines;
  const sections: Record<string, string[]> = {};
  for (const s of doc.sections)
    sections[normTitle(s.title)] = lines
      .slice(s.start + 1, s.end)
      .map((l) => l.text)
      .join('\n')
      .trim()
      .split('\n');
  return { id: doc.id, title: doc.title ?? doc.id, file: doc.file, sections };
}

/** Everything `runbook new` fills in besides the story: deterministic reads of the repository. */
export function repoFacts(app: App, spec: Doc | null): RunbookFacts {
  const root = app.ws.root;
  const rules = loadRules(root);
  const top = (() => {
    try {
      return readdirSync(root, { withFileTypes: true })
        .filter(
          (d) =>
            d.isDirectory() &&
            !d.name.startsWith('.') &&
            !['node_modules', 'scratchpad', 'dist'].includes(d.name),
        )
        .map((d) => d.name)
        .sort();
    } catch {
      return [];
    }
  })();
  return {
    testCommand: testCommand(root),
    techStack: techStack(root),
    standards: standards(app),
    spec: specFacts(spec),
    ci: [
      ...listDir(root, '.github/workflows', /\.ya?ml$/),
      ...['.gitlab-ci.yml', 'Jenkinsfile', '.circleci/config.yml'].filter((f) => existsSync(join(root, f))),
    ],
    iac: [
      ...listDir(root, '.', /\.tf$|^Pulumi\.ya?ml$/).map((f) => f.replace(/^\.\//, '')),
      ...top.flatMap((d) => listDir(root, d, /\.tf$|^Pulumi\.ya?ml$/)),
    ],
    docs: ['README.md', 'docs'].filter((f) => existsSync(join(root, f))),
    topLevel: top,
    rules: rules.rules
      .filter((r) => r.appliesTo.includes('runbook'))
      .map((r) => ({ id: r.id, role: r.role, title: r.title, file: r.file, severity: r.severity })),
  };
}

/** The story's paths as proposed changes: a path that exists is modified, one that does not is new. */
export function plannedChanges(root: string, story: Story): PlannedChange[] {
  return story.paths.map((p) => {
    const action = p.action ?? (existsSync(join(root, p.path)) ? 'MODIFY' : 'NEW');
    const parts = p.path.split('/');
    return {
      component: parts.length > 1 ? parts[0]! : story.title,
      action,
      path: p.path,
      description:
        p.purpose ||
        `${action === 'NEW' ? 'Create' : action === 'DELETE' ? 'Remove' : 'Change'} for ${story.title}.`,
    };
  });
}
