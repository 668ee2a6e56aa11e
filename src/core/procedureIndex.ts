import { Snippet } from './snippet';
import { Taxonomy } from './taxonomy';

/** Snippets grouped for browsing: procedure → topic → snippets, in taxonomy order. */
export interface ProcedureGroup {
  id: string;
  label: string;
  topics: Array<{ id: string; label: string; snippets: Snippet[] }>;
  count: number;
}

/** Id of the group holding snippets tagged with no procedure. */
export const OTHER_PROCEDURE = '(other)';

export function groupByProcedure(snippets: readonly Snippet[], taxonomy: Taxonomy): ProcedureGroup[] {
  const procedureOrder = taxonomy.procedures.map((p) => p.id);
  const topicOrder = taxonomy.topics.map((t) => t.id);
  const byProcedure = new Map<string, { topics: Map<string, Snippet[]>; visits: number }>();
  const defaultTopics = [taxonomy.defaultTopic ?? 'description'];
  for (const snippet of snippets) {
    const procedures = snippet.procedures.length ? distinct(snippet.procedures) : OTHER;
    const topics = snippet.topics.length ? distinct(snippet.topics) : defaultTopics;
    for (const p of procedures) {
      let group = byProcedure.get(p);
      if (!group) byProcedure.set(p, (group = { topics: new Map(), visits: 0 }));
      group.visits++;
      for (const t of topics) {
        const list = group.topics.get(t);
        if (list) list.push(snippet);
        else group.topics.set(t, [snippet]);
      }
    }
  }
  const rank = (order: string[], id: string) => {
    const i = order.indexOf(id);
    return i === -1 ? order.length : i;
  };
  // A group counts snippets by id: only corpus folders holding the same file path can repeat one.
  const idsRepeat = pathsRepeat(snippets);
  const groups: ProcedureGroup[] = [];
  for (const [id, group] of byProcedure) {
    const entry = taxonomy.procedures.find((p) => p.id === id);
    const topics = [...group.topics.entries()]
      .sort(([a], [b]) => rank(topicOrder, a) - rank(topicOrder, b) || a.localeCompare(b))
      .map(([topicId, list]) => ({ id: topicId, label: taxonomy.topics.find((t) => t.id === topicId)?.label ?? topicId, snippets: list }));
    const count = idsRepeat ? new Set(topics.flatMap((t) => t.snippets.map((s) => s.id))).size : group.visits;
    groups.push({ id, label: entry?.label ?? (id === OTHER_PROCEDURE ? 'Other' : id), topics, count });
  }
  return groups.sort((a, b) => rank(procedureOrder, a.id) - rank(procedureOrder, b.id) || a.label.localeCompare(b.label));
}

const OTHER = [OTHER_PROCEDURE];

/** The ids of a tag list once each (most lists hold one: no set made for them). */
function distinct(ids: readonly string[]): readonly string[] {
  return ids.length < 2 ? ids : [...new Set(ids)];
}

/**
 * Whether two source files share a corpus-relative path (the same path under two corpus
 * folders): snippet ids hash that path and the sentence, so only then can two snippets share one.
 * Snippets come file by file, so a path is looked up once per file.
 */
function pathsRepeat(snippets: readonly Snippet[]): boolean {
  const fileOf = new Map<string, string>();
  let lastFile: string | undefined;
  for (const { source } of snippets) {
    if (source.file === lastFile) continue;
    lastFile = source.file;
    const known = fileOf.get(source.corpusPath);
    if (known === undefined) fileOf.set(source.corpusPath, source.file);
    else if (known !== source.file) return true;
  }
  return false;
}

/** A short description of a procedure from the corpus. */
export interface ProcedureSummary {
  id: string;
  label: string;
  /** The sentence that best says what the procedure is, when the corpus has one. */
  definition?: Snippet;
  snippetCount: number;
  counts: Record<string, number>;
}

const DEFINING = /\b(?:is|are) (?:a|an|the)\b|\binvolves?\b|\brefers? to\b|\bknown as\b|\bconsists? of\b|\baims? to\b/i;

export function procedureSummary(id: string, snippets: readonly Snippet[], taxonomy: Taxonomy): ProcedureSummary | undefined {
  const entry = taxonomy.procedures.find((p) => p.id === id);
  if (!entry) return undefined;
  const own = snippets.filter((s) => s.procedures.includes(id));
  const counts: Record<string, number> = {};
  for (const t of taxonomy.topics) counts[t.id] = 0;
  for (const s of own) for (const t of s.topics) counts[t] = (counts[t] ?? 0) + 1;
  const about = own.filter((s) => s.topics.includes('description'));
  const names = [entry.label, ...entry.aliases].map((n) => n.toLowerCase());
  const score = (s: Snippet) => {
    const lower = s.text.toLowerCase();
    let points = 0;
    if (DEFINING.test(s.text)) points += 2;
    if (names.some((n) => lower.includes(n))) points += 2;
    if (s.procedures.length === 1) points += 1;
    if (s.text.length > 40 && s.text.length < 260) points += 1;
    return points;
  };
  let definition: Snippet | undefined;
  for (const s of about.length ? about : own) if (!definition || score(s) > score(definition)) definition = s;
  return { id, label: entry.label, definition, snippetCount: own.length, counts };
}

/** The sentence around an offset in a document: start/end offsets and the text (trimmed). */
export function sentenceAt(text: string, offset: number): { start: number; end: number; text: string } | undefined {
  if (offset < 0 || offset > text.length) return undefined;
  // A sentence stays within its paragraph: stop at blank lines and at line starts that open a block.
  const paraStart = (() => {
    const re = /\n[ \t]*\n|\n(?=[ \t]*(?:#|[-*+] |\d+[.)] |>|\||<!--))/g;
    let start = 0;
    for (let m = re.exec(text); m && m.index < offset; m = re.exec(text)) start = m.index + m[0].length;
    return start;
  })();
  const paraEndMatch = /\n[ \t]*\n|\n(?=[ \t]*(?:#|[-*+] |\d+[.)] |>|\||<!--))/g;
  paraEndMatch.lastIndex = offset;
  const found = paraEndMatch.exec(text);
  const paraEnd = found ? found.index : text.length;
  const paragraph = text.slice(paraStart, paraEnd);
  const local = offset - paraStart;
  const boundaries = [0];
  for (const m of paragraph.matchAll(/[.!?…]["”’)\]]*(?:\s*<!--[\s\S]*?-->)?(?:\[\^[^\]]+\])?\s+/g)) boundaries.push(m.index! + m[0].length);
  boundaries.push(paragraph.length);
  let a = 0;
  let b = paragraph.length;
  for (let i = 0; i < boundaries.length - 1; i++) {
    if (local >= boundaries[i] && local <= boundaries[i + 1]) {
      a = boundaries[i];
      b = boundaries[i + 1];
      break;
    }
  }
  const raw = paragraph.slice(a, b);
  const lead = /^\s*(?:(?:#{1,6}|[-*+]|\d+[.)]|>)\s+)*/.exec(raw)?.[0].length ?? 0;
  const body = raw.slice(lead).replace(/\s+$/, '');
  if (!/[\p{L}\p{N}]/u.test(body)) return undefined;
  return { start: paraStart + a + lead, end: paraStart + a + lead + body.length, text: body.replace(/\s+/g, ' ') };
}
