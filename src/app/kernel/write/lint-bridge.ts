import { type DocSet, parseDoc } from '../../../domain/docs/index.js';
import { lintDocs } from '../../../domain/lint/index.js';
import type { App } from '../context.js';

export { type DocSet, lintDocs };

export function parseDocForLint(app: App, path: string, file: string, content: string) {
  return parseDoc({ source: content, path, file, scheme: app.scheme });
}
