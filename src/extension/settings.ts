import * as vscode from 'vscode';
import { CitationMode } from '../core/citation';
import { FindingCode, Severity } from '../core/claims/finding';

export type CheckWhen = 'onType' | 'onSave' | 'onCommand';
export type SeveritySetting = Severity | 'off';

export interface Settings {
  corpusPaths: string[];
  includeBundled: boolean;
  maxFileSize: number;
  maxFiles: number;
  citation: CitationMode;
  checkWhen: CheckWhen;
  debounceMs: number;
  maxDocumentSize: number;
  languages: string[];
  severity: Partial<Record<FindingCode, SeveritySetting>>;
}

export const SECTION = 'clinicalWriter';

const oneOf = <T extends string>(value: unknown, allowed: readonly T[], fallback: T): T =>
  typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
const num = (value: unknown, fallback: number, min = 0) => (typeof value === 'number' && Number.isFinite(value) && value >= min ? value : fallback);
const strings = (value: unknown, fallback: string[]) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : fallback);

/** Reads and validates the settings (bad values fall back to the defaults). */
export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const severityRaw = c.get<Record<string, unknown>>('severity') ?? {};
  const severity: Settings['severity'] = {};
  for (const [kind, value] of Object.entries(severityRaw)) {
    const s = oneOf(value, ['error', 'warning', 'information', 'hint', 'off'] as const, 'warning');
    severity[kind as FindingCode] = s;
  }
  return {
    corpusPaths: strings(c.get('corpus.paths'), []),
    includeBundled: c.get<boolean>('corpus.includeBundled') !== false,
    maxFileSize: num(c.get('corpus.maxFileSize'), 5 * 1024 * 1024, 1),
    maxFiles: num(c.get('corpus.maxFiles'), 20000, 1),
    citation: oneOf(c.get('insert.citation'), ['none', 'comment', 'footnote'] as const, 'comment'),
    checkWhen: oneOf(c.get('check.when'), ['onType', 'onSave', 'onCommand'] as const, 'onType'),
    debounceMs: num(c.get('check.debounceMs'), 500),
    maxDocumentSize: num(c.get('check.maxDocumentSize'), 2_000_000, 1),
    languages: strings(c.get('languages'), ['markdown', 'plaintext']),
    severity,
  };
}
