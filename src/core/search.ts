import Fuse, { Expression, FuseResultMatch, IFuseOptions } from 'fuse.js';
import { Snippet } from './snippet';
import { Taxonomy } from './taxonomy';
import { snippetWordIndex, tagNames } from './snippetWordIndex';
import { WordIndex } from './wordIndex';

/** A ranked search hit; lower score is better (fuse.js: 0 = exact). */
export interface SearchResult {
  snippet: Snippet;
  score: number;
  /** Matched character ranges in the snippet text, for highlighting. */
  highlights: Array<[number, number]>;
}

export interface SearchOptions {
  limit?: number;
}

/** A query split into free words and `@procedure` / `topic:` filters. */
export interface ParsedQuery {
  words: string[];
  procedures: string[];
  topics: string[];
}

/** What fuse.js sees of a snippet: its text and its procedures' and topics' names. */
export interface SearchRecord {
  text: string;
  procedures: string;
  topics: string;
}

/** How fuse.js ranks candidates (exported for tests). */
export const FUSE_OPTIONS: IFuseOptions<SearchRecord> = {
  keys: [
    { name: 'text', weight: 0.6 },
    { name: 'procedures', weight: 0.25 },
    { name: 'topics', weight: 0.15 },
  ],
  includeScore: true,
  includeMatches: true,
  // Snippets are sentences: a word may match anywhere, and long sentences must not lose to short ones.
  ignoreLocation: true,
  ignoreFieldNorm: true,
  threshold: 0.34,
  minMatchCharLength: 2,
};

/** The same matching, for a plain list of names. */
const NAME_OPTIONS: IFuseOptions<string> = Object.fromEntries(Object.entries(FUSE_OPTIONS).filter(([option]) => option !== 'keys'));

const norm = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '');

/** Resolves query filters against the taxonomy: `@fusion` names a procedure, `risk:` a topic. */
export function parseQuery(query: string, taxonomy: Taxonomy): ParsedQuery {
  const parsed: ParsedQuery = { words: [], procedures: [], topics: [] };
  for (const token of query.split(/\s+/).filter(Boolean)) {
    const procedure = /^@(.+)$/.exec(token);
    const topic = /^(?:topic:)?([^:]+):$/.exec(token) ?? /^topic:(.+)$/.exec(token);
    if (procedure) {
      const wanted = norm(procedure[1]);
      parsed.procedures.push(
        ...taxonomy.procedures
          .filter((p) => [p.id, p.label, ...p.aliases].some((name) => norm(name).startsWith(wanted)))
          .map((p) => p.id),
      );
    } else if (topic) {
      const wanted = norm(topic[1]);
      parsed.topics.push(...taxonomy.topics.filter((t) => [t.id, t.label].some((name) => norm(name).startsWith(wanted))).map((t) => t.id));
    } else {
      parsed.words.push(token);
    }
  }
  return parsed;
}

/** How many candidates (at least) the word index hands to fuse.js for the final ranking: the QuickPick shows 50. */
const CANDIDATES = 50;

/**
 * Fuzzy search over vetted snippets. Each query word must match somewhere
 * (text, procedure names or topic names), typos allowed, so word order and
 * misspellings do not matter. fuse.js is the ranker; a word index first
 * narrows 100,000 snippets to the few dozen that hold the most query words,
 * so it stays instant.
 */
export class SnippetSearch {
  /** fuse.js records, made on first use: a search only ever looks at a few dozen. */
  private readonly records: Array<SearchRecord | undefined>;
  private readonly words: WordIndex;
  private readonly procedureNames: Map<string, string>;
  private readonly topicNames: Map<string, string>;
  private readonly nameMatches: NameMatches = new Map();

  constructor(
    readonly snippets: readonly Snippet[],
    private readonly taxonomy: Taxonomy,
    /** A word index loaded from the index cache, to skip rebuilding it. */
    words?: WordIndex,
  ) {
    const names = tagNames(taxonomy);
    this.procedureNames = names.procedures;
    this.topicNames = names.topics;
    this.records = new Array(snippets.length);
    this.words = words && words.documents === snippets.length ? words : snippetWordIndex(snippets, taxonomy);
  }

  private record(i: number): SearchRecord {
    let record = this.records[i];
    if (!record) {
      const s = this.snippets[i];
      record = {
        text: s.text,
        procedures: s.procedures.map((id) => this.procedureNames.get(id) ?? id).join(' '),
        topics: s.topics.map((id) => this.topicNames.get(id) ?? id).join(' '),
      };
      this.records[i] = record;
    }
    return record;
  }

  /** The word index, for the index cache. */
  get wordIndex(): WordIndex {
    return this.words;
  }

  /**
   * Runs a few throwaway searches made from the corpus's own words (one misspelt), so the
   * first queries a writer types are not the ones that pay for compiling the search
   * (measured at 100k: the first queries of a session took 12-46 ms, 2-6 ms after warming).
   * The engine calls it after loading, off the editor's thread.
   */
  warmUp(queries = 8): void {
    const n = this.snippets.length;
    for (let k = 0; k < queries && n > 0; k++) {
      const words = (this.snippets[Math.floor((k * n) / queries)].text.match(/\p{L}{4,}/gu) ?? []).slice(0, 3);
      if (words.length === 0) continue;
      const longest = words.reduce((a, b) => (b.length > a.length ? b : a));
      const middle = longest.length >> 1;
      words[words.indexOf(longest)] = longest.slice(0, middle) + longest.slice(middle + 1);
      this.search(words.join(' '), { limit: 50 });
    }
  }

  search(query: string, options: SearchOptions = {}): SearchResult[] {
    const limit = options.limit ?? 20;
    const parsed = parseQuery(query, this.taxonomy);
    const allowed = (s: Snippet) =>
      (parsed.procedures.length === 0 || s.procedures.some((p) => parsed.procedures.includes(p))) &&
      (parsed.topics.length === 0 || s.topics.some((t) => parsed.topics.includes(t)));
    const words = parsed.words
      .map((w) => w.replace(/^['"“‘(]+|['"”’),.;:!?]+$/g, ''))
      .filter((w) => w.length > 0)
      .slice(0, 12);

    if (words.length === 0) {
      return this.snippets.filter(allowed).slice(0, limit).map((snippet) => ({ snippet, score: 0, highlights: [] }));
    }
    const indexWords = words.flatMap((w) => w.toLowerCase().match(/[\p{L}\p{N}\p{M}]+/gu) ?? []);
    const filtered = parsed.procedures.length > 0 || parsed.topics.length > 0;
    const candidates = this.words.candidates(indexWords, Math.max(CANDIDATES, limit), filtered ? (i) => allowed(this.snippets[i]) : undefined);
    if (candidates.length === 0) return [];
    const records = candidates.map((i) => this.record(i));
    const fuse = new Fuse(records, FUSE_OPTIONS);
    const expression: Expression = { $and: wordKeys(words, records, this.nameMatches).map(($or) => ({ $or })) };
    return fuse
      .search(expression, { limit })
      .map((hit) => ({ snippet: this.snippets[candidates[hit.refIndex]], score: hit.score ?? 1, highlights: textHighlights(hit.matches) }));
  }
}

/** Whether a query word matches a tag name, by word then name; see `wordKeys`. */
export type NameMatches = Map<string, Map<string, boolean>>;

/** Words remembered in a NameMatches before it starts afresh (each holds a few dozen names). */
const NAME_MATCH_WORDS = 2_000;

/**
 * The fields each query word is looked for in: always the text; procedure and
 * topic names only where one of the records' names matches it. fuse.js tests
 * a name the same way whichever record holds it, so leaving out a field no
 * record's value matches leaves the ranking exactly as it was, and spares
 * fuse.js testing it on every record (a few distinct names, many records).
 * `known` remembers each word-name test: a writer retypes the same words at
 * every keystroke, and names are long (a label and its aliases).
 */
export function wordKeys(words: readonly string[], records: readonly SearchRecord[], known: NameMatches = new Map()): Expression[][] {
  const keys: Expression[][] = words.map((word) => [{ text: word }]);
  for (const key of ['procedures', 'topics'] as const) {
    // fuse.js does not index blank values: they never match.
    const names = [...new Set(records.map((r) => r[key]))].filter((name) => name.trim());
    if (names.length === 0) continue;
    words.forEach((word, w) => {
      if (anyNameMatches(word, names, known)) keys[w].push({ [key]: word });
    });
  }
  return keys;
}

function anyNameMatches(word: string, names: readonly string[], known: NameMatches): boolean {
  let byName = known.get(word);
  if (byName === undefined) {
    if (known.size >= NAME_MATCH_WORDS) known.clear();
    known.set(word, (byName = new Map()));
  }
  const untested: string[] = [];
  for (const name of names) {
    const matched = byName.get(name);
    if (matched === true) return true;
    if (matched === undefined) untested.push(name);
  }
  if (untested.length === 0) return false;
  // One fuse.js search over the untested names: the test it makes on each record's field.
  const hits = new Set(new Fuse(untested, NAME_OPTIONS).search(word).map((hit) => hit.refIndex));
  untested.forEach((name, i) => byName.set(name, hits.has(i)));
  return hits.size > 0;
}

function textHighlights(matches: readonly FuseResultMatch[] | undefined): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const m of matches ?? []) {
    if (m.key !== 'text') continue;
    for (const [a, b] of m.indices) if (b - a >= 2) ranges.push([a, b + 1]);
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}
