import { WordTable, tokenize } from './words';

/** A procedure the index knows, with the words that name it. */
export interface ProcedureEntry {
  id: string;
  label: string;
  aliases: string[];
  /** A catch-all (e.g. "back surgery") dropped when a specific procedure is named too. */
  general?: boolean;
}

/** A topic with the cue words that put a sentence under it. */
export interface TopicEntry {
  id: string;
  label: string;
  cues: string[];
}

export interface Taxonomy {
  procedures: ProcedureEntry[];
  topics: TopicEntry[];
  /** Topic given to a sentence no cue matches. */
  defaultTopic?: string;
}

/** Where a procedure is named in a text. */
export interface ProcedureMention {
  procedure: string;
  index: number;
  length: number;
}

// Words that make the following procedure a point of comparison, not the subject.
const CONTRAST_BEFORE = /(?:compared (?:to|with)|in comparison (?:to|with)|than|instead of|rather than|unlike|versus|vs\.?|as opposed to|alternative to)\s+(?:(?:a|an|the|traditional|conventional|open|standard)\s+){0,2}$/i;

const PROCEDURE = 'p:';
const TOPIC = 't:';

/** A term found in a text. */
interface Match {
  id: string;
  start: number;
  end: number;
  /** The procedure or topic id, without its prefix. */
  procedure?: string;
  topic?: string;
}

/** A match's procedure and topic fields, worked out once per term. */
function kindOf(id: string): { procedure?: string; topic?: string } {
  if (id.startsWith(PROCEDURE)) return { procedure: id.slice(PROCEDURE.length) };
  if (id.startsWith(TOPIC)) return { topic: id.slice(TOPIC.length) };
  return {};
}

/** Whether `word` is `base` or a plural of it ("surgeries" → "surgery"). */
function isFormOf(word: string, base: string): boolean {
  if (word === base) return true;
  const extra = word.length - base.length;
  if (extra === 1) return word.endsWith('s') && word.startsWith(base);
  if (extra === 2) return (word.endsWith('es') && word.startsWith(base)) || (base.endsWith('y') && word.endsWith('ies') && word.startsWith(base.slice(0, -1)));
  return false;
}

/** The forms a word may be the plural of ("surgeries" → "surgery"). */
function singulars(word: string): string[] {
  const forms = [word];
  if (word.endsWith('s')) {
    forms.push(word.slice(0, -1));
    if (word.endsWith('es')) forms.push(word.slice(0, -2));
    if (word.endsWith('ies')) forms.push(word.slice(0, -3) + 'y');
  }
  return forms;
}

/** An alias or cue without letters or digits, lower-cased. */
interface Literal {
  id: string;
  text: string;
  procedure?: string;
  topic?: string;
}

/** An alias or cue compiled to words; `*` at the end makes its last word a prefix. */
interface Phrase {
  id: string;
  words: string[];
  prefix: boolean;
  procedure?: string;
  topic?: string;
}

const NO_PHRASES: readonly Phrase[] = [];

// Per UTF-16 code unit: 1 when it is ASCII or lower-casing leaves it as it is, 2 otherwise, 0 unknown.
// Surrogates count as changed: a pair may lower-case to another pair.
const lowerClass = new Uint8Array(65536);
function keepsPlaceWhenLowered(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 128) continue;
    let known = lowerClass[code];
    if (known === 0) {
      const ch = String.fromCharCode(code);
      known = lowerClass[code] = (code < 0xd800 || code > 0xdfff) && ch.toLowerCase() === ch ? 1 : 2;
    }
    if (known === 2) return false;
  }
  return true;
}

/**
 * Finds taxonomy terms in a text by words, not regular expressions: one pass
 * over the text's tokens with a lookup by first word, so tagging stays linear
 * in the text however many aliases and cues a team adds.
 */
class PhraseMatcher {
  private readonly byFirstWord = new Map<string, Phrase[]>();
  private readonly byPrefix = new Map<string, Phrase[]>();
  // Terms with no letters or digits ("%"), found as text. ASCII ones in the text itself: no
  // character lower-cases to ASCII punctuation, so that is where a lower-cased copy has them too,
  // at their own positions, with no pass to lower-case or check the text. Others in the copy.
  private readonly asciiLiterals: Literal[] = [];
  private readonly literals: Literal[] = [];
  // Text words interned, with the phrases each may start worked out once per distinct word.
  private table = new WordTable();
  private startsOf: Array<readonly Phrase[] | undefined> = [];
  // Token buffers reused across texts.
  private tokenIds = new Int32Array(256);
  private tokenStarts = new Int32Array(256);
  private tokenEnds = new Int32Array(256);
  private lastCount = 0;

  constructor(entries: ReadonlyArray<{ id: string; terms: readonly string[] }>) {
    for (const { id, terms } of entries) {
      for (const term of terms) {
        const prefix = term.endsWith('*');
        const words = tokenize(prefix ? term.slice(0, -1) : term).map((t) => t.word);
        if (words.length === 0) {
          const text = term.trim().toLowerCase();
          if (text) (/^[\x00-\x7f]*$/.test(text) ? this.asciiLiterals : this.literals).push({ id, text, ...kindOf(id) });
          continue;
        }
        const phrase: Phrase = { id, words, prefix, ...kindOf(id) };
        const key = prefix && words.length === 1 ? words[0].slice(0, 3) : words[0];
        const map = prefix && words.length === 1 ? this.byPrefix : this.byFirstWord;
        const list = map.get(key) ?? [];
        list.push(phrase);
        map.set(key, list);
      }
    }
    // Longer phrases first so "spinal fusion" wins over "fusion" at the same place.
    for (const list of [...this.byFirstWord.values(), ...this.byPrefix.values()]) list.sort((a, b) => b.words.length - a.words.length);
  }

  private lastWordMatches(token: string, word: string, prefix: boolean): boolean {
    return prefix ? token.startsWith(word) : isFormOf(token, word);
  }

  /** The phrases a word may start, in the order they are tried: by each singular form, then by prefix. */
  private phrasesStartedBy(word: string): readonly Phrase[] {
    const lists: Phrase[][] = [];
    for (const form of word.endsWith('s') ? singulars(word) : [word]) {
      const list = this.byFirstWord.get(form);
      if (list) lists.push(list);
    }
    const byPrefix = this.byPrefix.size && word.length >= 3 ? this.byPrefix.get(word.slice(0, 3)) : undefined;
    if (byPrefix) lists.push(byPrefix);
    return lists.length === 0 ? NO_PHRASES : lists.flat();
  }

  private matchAt(count: number, i: number, phrase: Phrase): number {
    const n = phrase.words.length;
    if (i + n > count) return 0;
    const words = this.table.words;
    for (let k = 0; k < n - 1; k++) if (words[this.tokenIds[i + k]] !== phrase.words[k]) return 0;
    return this.lastWordMatches(words[this.tokenIds[i + n - 1]], phrase.words[n - 1], phrase.prefix) ? n : 0;
  }

  /** Reads a text's words into the token buffers; returns how many. */
  private readTokens(text: string): number {
    // The table only grows with distinct words; start afresh if a long session feeds it too many.
    if (this.table.size > 200_000) {
      this.table = new WordTable();
      this.startsOf = [];
    }
    const table = this.table;
    const codes = table.codesOf(text);
    let count = 0;
    for (let id = table.next(text, codes, 0); id >= 0; id = table.next(text, codes, table.end)) {
      if (count === this.tokenIds.length) {
        const grow = (a: Int32Array) => {
          const b = new Int32Array(a.length * 2);
          b.set(a);
          return b;
        };
        this.tokenIds = grow(this.tokenIds);
        this.tokenStarts = grow(this.tokenStarts);
        this.tokenEnds = grow(this.tokenEnds);
      }
      this.tokenIds[count] = id;
      this.tokenStarts[count] = table.start;
      this.tokenEnds[count] = table.end;
      count++;
    }
    return count;
  }

  /** The words of the text last matched, as ids in `table`. */
  lastWords(): { ids: number[]; table: WordTable } {
    // A plain array: a typed array per sentence costs the collector more.
    const ids: number[] = new Array(this.lastCount);
    for (let i = 0; i < this.lastCount; i++) ids[i] = this.tokenIds[i];
    return { ids, table: this.table };
  }

  /** Every match (id, start, end) in order of position. */
  matches(text: string): Match[] {
    const count = this.readTokens(text);
    this.lastCount = count;
    const found: Match[] = [];
    for (let i = 0; i < count; i++) {
      const id = this.tokenIds[i];
      const phrases = (this.startsOf[id] ??= this.phrasesStartedBy(this.table.words[id]));
      if (phrases.length === 0) continue;
      // One match per term at a token: the matches found here so far are those from `atToken` on (no list per token).
      const atToken = found.length;
      for (const phrase of phrases) {
        let known = false;
        for (let k = atToken; k < found.length && !known; k++) known = found[k].id === phrase.id;
        if (known) continue;
        const n = this.matchAt(count, i, phrase);
        if (n > 0) found.push({ id: phrase.id, start: this.tokenStarts[i], end: this.tokenEnds[i + n - 1], procedure: phrase.procedure, topic: phrase.topic });
      }
    }
    for (const { id, text: literal, procedure, topic } of this.asciiLiterals) {
      const at = text.indexOf(literal);
      if (at >= 0) found.push({ id, start: at, end: at + literal.length, procedure, topic });
    }
    if (this.literals.length) {
      // Literals hold no letters or digits, so where lower-casing changes no other character
      // (and so keeps positions) they are found in the text as in its lower-cased copy.
      const lower = keepsPlaceWhenLowered(text) ? text : text.toLowerCase();
      for (const { id, text: literal, procedure, topic } of this.literals) {
        const at = lower.indexOf(literal);
        if (at >= 0) found.push({ id, start: at, end: at + literal.length, procedure, topic });
      }
    }
    // Found in token order, so usually sorted already: sort only when needed (the sort is stable).
    for (let k = 1; k < found.length; k++) {
      const a = found[k - 1];
      const b = found[k];
      if (a.start - b.start > 0 || (a.start === b.start && b.end - a.end > 0)) return found.sort((x, y) => x.start - y.start || y.end - x.end);
    }
    return found;
  }
}

/** What the taxonomy finds in one sentence. */
export interface SentenceTags {
  /** Procedures the sentence is about. */
  subjects: string[];
  /** Procedures it only compares against. */
  contrasts: string[];
  topics: string[];
}

/** A taxonomy compiled for fast tagging. */
export class Tagger {
  // One matcher for procedures and topics: a sentence's words are read once.
  private readonly matcher: PhraseMatcher;
  private readonly procedureById: Map<string, ProcedureEntry>;
  private readonly topicOrder: Map<string, number>;
  /** Scratch for `topics`: one mark per topic, all clear between calls. */
  private readonly topicMarks: Uint8Array;

  constructor(readonly taxonomy: Taxonomy) {
    this.matcher = new PhraseMatcher([
      ...taxonomy.procedures.map((p) => ({ id: PROCEDURE + p.id, terms: p.aliases })),
      ...taxonomy.topics.map((t) => ({ id: TOPIC + t.id, terms: t.cues })),
    ]);
    this.procedureById = new Map(taxonomy.procedures.map((p) => [p.id, p]));
    this.topicOrder = new Map(taxonomy.topics.map((t, i) => [t.id, i]));
    this.topicMarks = new Uint8Array(taxonomy.topics.length);
  }

  /** Every procedure name in a text, in order of position (overlaps keep the longest). */
  procedureMentions(text: string): ProcedureMention[] {
    return this.mentionsIn(this.matcher.matches(text));
  }

  private mentionsIn(matches: Match[]): ProcedureMention[] {
    const mentions: ProcedureMention[] = [];
    for (const m of matches) {
      const procedure = m.procedure;
      if (procedure === undefined) continue;
      const last = mentions[mentions.length - 1];
      if (last && m.start < last.index + last.length && last.procedure === procedure) continue;
      mentions.push({ procedure, index: m.start, length: m.end - m.start });
    }
    return mentions;
  }

  /** Procedure ids named in a text, specific ones first-seen order, general ones only alone. */
  procedures(text: string): string[] {
    return this.preferSpecific([...new Set(this.procedureMentions(text).map((m) => m.procedure))]);
  }

  /**
   * Splits the procedures a sentence names into those it is about and those it
   * only compares against ("shorter compared to fusion", "instead of a discectomy").
   */
  procedureRoles(text: string, matches: Match[] = this.matcher.matches(text)): { subjects: string[]; contrasts: string[] } {
    // Arrays, not sets: a sentence names a handful of procedures at most.
    const subjects: string[] = [];
    const contrasts: string[] = [];
    for (const mention of this.mentionsIn(matches)) {
      const before = text.slice(Math.max(0, mention.index - 40), mention.index);
      const into = CONTRAST_BEFORE.test(before) ? contrasts : subjects;
      if (!into.includes(mention.procedure)) into.push(mention.procedure);
    }
    const subjectList = this.preferSpecific(subjects);
    return { subjects: subjectList, contrasts: contrasts.filter((id) => !subjectList.includes(id)) };
  }

  private preferSpecific(ids: string[]): string[] {
    const specific = ids.filter((id) => !this.procedureById.get(id)?.general);
    return specific.length > 0 ? specific : ids;
  }

  /** Procedures and topics of one sentence, reading its words once. */
  tagSentence(text: string): SentenceTags {
    const matches = this.matcher.matches(text);
    const { subjects, contrasts } = this.procedureRoles(text, matches);
    // Fields named, not spread: V8 copies a spread object through a generic path (about 2% of a 100k build, profiled).
    return { subjects, contrasts, topics: this.topics(text, matches) };
  }

  /**
   * The words (lower-cased letter/digit runs, as ids in `table`) of the text
   * last tagged, so indexing need not read a sentence twice.
   */
  lastWords(): { ids: number[]; table: WordTable } {
    return this.matcher.lastWords();
  }

  /** Topic ids whose cues occur in a text, in taxonomy order; the default topic when none do. */
  topics(text: string, matches: Match[] = this.matcher.matches(text)): string[] {
    // Marks by taxonomy position, then reads them in order: no sort (each one allocated) per sentence.
    const marked = this.topicMarks;
    let count = 0;
    for (const m of matches) {
      if (m.topic === undefined) continue;
      const k = this.topicOrder.get(m.topic)!;
      if (marked[k] === 0) {
        marked[k] = 1;
        count++;
      }
    }
    if (count === 0) return this.taxonomy.defaultTopic ? [this.taxonomy.defaultTopic] : [];
    const ids: string[] = [];
    for (let k = 0; ids.length < count; k++) {
      if (marked[k] === 0) continue;
      marked[k] = 0;
      ids.push(this.taxonomy.topics[k].id);
    }
    return ids;
  }

  procedure(id: string): ProcedureEntry | undefined {
    return this.procedureById.get(id);
  }

  topic(id: string): TopicEntry | undefined {
    return this.taxonomy.topics.find((t) => t.id === id);
  }
}

/** Validates parsed JSON as a taxonomy; throws a message that says what is wrong. */
export function parseTaxonomy(value: unknown): Taxonomy {
  const fail = (why: string): never => {
    throw new Error(`invalid taxonomy: ${why}`);
  };
  if (typeof value !== 'object' || value === null) fail('expected a JSON object');
  const v = value as Record<string, unknown>;
  const list = (key: string) => (v[key] === undefined ? [] : Array.isArray(v[key]) ? (v[key] as unknown[]) : fail(`"${key}" must be an array`));
  const strings = (x: unknown, where: string): string[] =>
    Array.isArray(x) && x.every((s) => typeof s === 'string') ? (x as string[]) : fail(`${where} must be an array of strings`);
  const entry = (x: unknown, where: string) => {
    if (typeof x !== 'object' || x === null || typeof (x as { id?: unknown }).id !== 'string') fail(`${where} needs a string "id"`);
    return x as Record<string, unknown>;
  };
  const procedures = list('procedures').map((x, i) => {
    const e = entry(x, `procedures[${i}]`);
    return {
      id: e.id as string,
      label: typeof e.label === 'string' ? e.label : (e.id as string),
      aliases: e.aliases === undefined ? [] : strings(e.aliases, `procedures[${i}].aliases`),
      ...(e.general === true ? { general: true } : {}),
    };
  });
  const topics = list('topics').map((x, i) => {
    const e = entry(x, `topics[${i}]`);
    return {
      id: e.id as string,
      label: typeof e.label === 'string' ? e.label : (e.id as string),
      cues: e.cues === undefined ? [] : strings(e.cues, `topics[${i}].cues`),
    };
  });
  return { procedures, topics, ...(typeof v.defaultTopic === 'string' ? { defaultTopic: v.defaultTopic } : {}) };
}

/** Layers a team's taxonomy over a base one: known ids gain aliases/cues, new ids are added. */
export function mergeTaxonomies(base: Taxonomy, extra: Taxonomy): Taxonomy {
  const procedures = base.procedures.map((p) => ({ ...p, aliases: [...p.aliases] }));
  for (const p of extra.procedures) {
    const known = procedures.find((q) => q.id === p.id);
    if (known) known.aliases.push(...p.aliases.filter((a) => !known.aliases.includes(a)));
    else procedures.push({ ...p, aliases: [...p.aliases] });
  }
  const topics = base.topics.map((t) => ({ ...t, cues: [...t.cues] }));
  for (const t of extra.topics) {
    const known = topics.find((q) => q.id === t.id);
    if (known) known.cues.push(...t.cues.filter((c) => !known.cues.includes(c)));
    else topics.push({ ...t, cues: [...t.cues] });
  }
  return { procedures, topics, defaultTopic: extra.defaultTopic ?? base.defaultTopic };
}
