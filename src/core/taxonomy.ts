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

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Compiles aliases or cues into one case-insensitive, whole-word pattern. */
export function termPattern(terms: readonly string[]): RegExp {
  const alternatives = terms
    .filter((t) => t.trim().length > 0)
    .sort((a, b) => b.length - a.length)
    .map((term) => {
      const prefix = term.endsWith('*');
      let base = (prefix ? term.slice(0, -1) : term).trim();
      let tail = prefix ? '[\\p{L}\\p{N}-]*' : /[a-z]$/i.test(term) ? '(?:s|es)?' : '';
      if (!prefix && /[^aeiou]y$/i.test(base)) {
        base = base.slice(0, -1); // surgery / surgeries
        tail = '(?:y|ies)';
      }
      const words = base.split(/[\s-]+/).map(escapeRegExp);
      const body = words.join('[\\s\\-\u2010\u2011]+');
      const lead = /^[\p{L}\p{N}]/u.test(term) ? '(?<![\\p{L}\\p{N}])' : '';
      const trail = /[\p{L}\p{N}*]$/u.test(term) ? '(?![\\p{L}\\p{N}])' : '';
      return `${lead}${body}${tail}${trail}`;
    });
  return new RegExp(alternatives.length ? alternatives.join('|') : '(?!)', 'giu');
}

// Words that make the following procedure a point of comparison, not the subject.
const CONTRAST_BEFORE = /(?:compared (?:to|with)|in comparison (?:to|with)|than|instead of|rather than|unlike|versus|vs\.?|as opposed to|alternative to)\s+(?:(?:a|an|the|traditional|conventional|open|standard)\s+){0,2}$/i;

/** A taxonomy compiled for fast tagging. */
export class Tagger {
  private readonly procedurePatterns: Array<{ entry: ProcedureEntry; pattern: RegExp }>;
  private readonly topicPatterns: Array<{ entry: TopicEntry; pattern: RegExp }>;

  constructor(readonly taxonomy: Taxonomy) {
    this.procedurePatterns = taxonomy.procedures.map((entry) => ({ entry, pattern: termPattern(entry.aliases) }));
    this.topicPatterns = taxonomy.topics.map((entry) => ({ entry, pattern: termPattern(entry.cues) }));
  }

  /** Every procedure name in a text, in order of position. */
  procedureMentions(text: string): ProcedureMention[] {
    const mentions: ProcedureMention[] = [];
    for (const { entry, pattern } of this.procedurePatterns) {
      pattern.lastIndex = 0;
      for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
        if (m[0].length === 0) {
          pattern.lastIndex++;
          continue;
        }
        mentions.push({ procedure: entry.id, index: m.index, length: m[0].length });
      }
    }
    return mentions.sort((a, b) => a.index - b.index || b.length - a.length);
  }

  /** Procedure ids named in a text, specific ones first-seen order, general ones only alone. */
  procedures(text: string): string[] {
    return this.preferSpecific([...new Set(this.procedureMentions(text).map((m) => m.procedure))]);
  }

  /**
   * Splits the procedures a sentence names into those it is about and those it
   * only compares against ("shorter compared to fusion", "instead of a discectomy").
   */
  procedureRoles(text: string): { subjects: string[]; contrasts: string[] } {
    const subjects = new Set<string>();
    const contrasts = new Set<string>();
    for (const mention of this.procedureMentions(text)) {
      const before = text.slice(Math.max(0, mention.index - 40), mention.index);
      (CONTRAST_BEFORE.test(before) ? contrasts : subjects).add(mention.procedure);
    }
    const subjectList = this.preferSpecific([...subjects]);
    return { subjects: subjectList, contrasts: [...contrasts].filter((id) => !subjectList.includes(id)) };
  }

  private preferSpecific(ids: string[]): string[] {
    const specific = ids.filter((id) => !this.procedure(id)?.general);
    return specific.length > 0 ? specific : ids;
  }

  topics(text: string): string[] {
    const found = this.topicPatterns.filter(({ pattern }) => {
      pattern.lastIndex = 0;
      return pattern.test(text);
    });
    const ids = found.map(({ entry }) => entry.id);
    if (ids.length === 0 && this.taxonomy.defaultTopic) return [this.taxonomy.defaultTopic];
    return ids;
  }

  procedure(id: string): ProcedureEntry | undefined {
    return this.taxonomy.procedures.find((p) => p.id === id);
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
