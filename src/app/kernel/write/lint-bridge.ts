import { type DocSet, parseDoc, summarizeDoc } from '../../../domain/docs/index.js';
import {
  acrossRulesTouched,
  inRuleOrder,
  lintAcross,
  lintDoc,
  lintDocs,
} from '../../../domain/lint/index.js';
import type { App } from '../context.js';

export { acrossRulesTouched, type DocSet, inRuleOrder, lintAcross, lintDoc, lintDocs, summarizeDoc };

export function parseDocForLint(app: App, path: string, file: string, content: string) {
  return parseDoc({ source: content, path, file, scheme: app.scheme });
}
