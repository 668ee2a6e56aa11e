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
  const byProcedure = new Map<string, Map<string, Snippet[]>>();
  for (const snippet of snippets) {
    const procedures = snippet.procedures.length ? snippet.procedures : [OTHER_PROCEDURE];
    const topics = snippet.topics.length ? snippet.topics : [taxonomy.defaultTopic ?? 'description'];
    for (const p of new Set(procedures)) {
      let topicMap = byProcedure.get(p);
      if (!topicMap) byProcedure.set(p, (topicMap = new Map()));
      for (const t of new Set(topics)) {
        const list = topicMap.get(t) ?? [];
        list.push(snippet);
        topicMap.set(t, list);
      }
    }
  }
  const rank = (order: string[], id: string) => {
    const i = order.indexOf(id);
    return i === -1 ? order.length : i;
  };
  const groups: ProcedureGroup[] = [];
  for (const [id, topicMap] of byProcedure) {
    const entry = taxonomy.procedures.find((p) => p.id === id);
    const topics = [...topicMap.entries()]
      .sort(([a], [b]) => rank(topicOrder, a) - rank(topicOrder, b) || a.localeCompare(b))
      .map(([topicId, list]) => ({ id: topicId, label: taxonomy.topics.find((t) => t.id === topicId)?.label ?? topicId, snippets: list }));
    const count = new Set(topics.flatMap((t) => t.snippets.map((s) => s.id))).size;
    groups.push({ id, label: entry?.label ?? (id === OTHER_PROCEDURE ? 'Other' : id), topics, count });
  }
  return groups.sort((a, b) => rank(procedureOrder, a.id) - rank(procedureOrder, b.id) || a.label.localeCompare(b.label));
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
