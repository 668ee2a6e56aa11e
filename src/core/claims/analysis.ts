import {
  CERTAINTY, EXISTENCE_VERBS, HEDGES, NEGATION_PHRASES, NEGATION_TRIGGERS, NON_SUBJECT_BEFORE, PARTITIVE_LEVEL, POPULATION_HEADS,
  POPULATION_FOLLOWERS, PROCEDURE_APPROACHES, PSEUDO_NEGATIONS, QUANTIFIER_LEVEL, QUANTIFIER_PRONOUNS, RISK_STEMS, SCOPE_TERMINATORS, SCOPE_WINDOW,
} from './lexicon';
import { Quantity, extractQuantities } from './quantities';
import { Token, normaliseText, tokenize } from './text';
import { Tagger } from '../taxonomy';

/** A procedure named in a sentence and whether the sentence is about it. */
export interface ProcedureRef {
  procedure: string;
  start: number;
  end: number;
  subject: boolean;
  /** Named only as the other side of a comparison ("shorter compared to fusion", "unlike TLIF"). */
  compared: boolean;
}

/** A quantifier: how many patients/cases (scale 'population') or how much of a thing ('part'). */
export interface QuantifierRef {
  scale: 'population' | 'part';
  level: number;
  start: number;
  end: number;
  text: string;
}

/** Everything the comparison needs about one sentence. */
export interface Analysis {
  text: string;
  tokens: Token[];
  /** Per token: inside an odd number of negation scopes. */
  negated: boolean[];
  /** Token indices of negation triggers that are not pseudo-negations. */
  triggers: number[];
  procedures: ProcedureRef[];
  quantities: Quantity[];
  quantifiers: QuantifierRef[];
  /** Distinct content stems (procedure names as 'proc:<id>'). */
  stems: Set<string>;
  /** Content stems, procedure names left out. */
  plainStems: Set<string>;
}

/** First words of two-word triggers. */
const PHRASE_FIRSTS = new Set(NEGATION_PHRASES.map(([a]) => a));

function isTrigger(tokens: readonly Token[], i: number): number {
  const w = tokens[i].word;
  if (tokens[i].punct) return 0;
  // Most words trigger nothing, whatever pseudo-negation they sit in.
  if (!NEGATION_TRIGGERS.has(w) && !PHRASE_FIRSTS.has(w) && !w.endsWith("n't")) return 0;
  for (const pseudo of PSEUDO_NEGATIONS) {
    for (let start = Math.max(0, i - pseudo.length + 1); start <= i; start++) {
      if (pseudo.every((p, k) => tokens[start + k]?.word === p)) return 0;
    }
  }
  for (const [a, b] of NEGATION_PHRASES) if (w === a && tokens[i + 1]?.word === b) return 2;
  if (w === 'free') return 0; // handled as "X-free" / "free of"
  if (NEGATION_TRIGGERS.has(w) || /n't$/.test(w)) return 1;
  return 0;
}

/** NegEx-style negation: triggers, a forward window of content words, terminators; "X cannot happen" reaches back. */
export function negationScopes(tokens: readonly Token[]): { negated: boolean[]; triggers: number[] } {
  const count = new Array<number>(tokens.length).fill(0);
  const triggers: number[] = [];
  const cancelled = new Set<number>();
  const mark = (j: number) => {
    count[j]++;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.word === 'free' && !t.punct) {
      // "risk-free", "pain free": negates the word before; "free of/from X": negates what follows.
      const prev = tokens[i - 1]?.word === '-' ? i - 2 : i - 1;
      const next = tokens[i + 1]?.word;
      if (next === 'of' || next === 'from') {
        triggers.push(i);
        forward(i + 1);
      } else if (prev >= 0 && tokens[prev].content) {
        triggers.push(i);
        mark(prev);
      }
      continue;
    }
    const width = isTrigger(tokens, i);
    if (!width || cancelled.has(i)) continue;
    triggers.push(i);
    // A second negation inside the scope cancels both ("not without risks", "no procedure is without risks").
    const inner = forward(i + width - 1, true);
    if (inner !== undefined) {
      cancelled.add(inner);
      triggers.pop();
      continue;
    }
    forward(i + width - 1);
    // Existence predicates: "X cannot happen", "X does not occur", "X is not possible".
    for (let k = i + 1; k <= i + 3 && k < tokens.length; k++) {
      if (EXISTENCE_VERBS.has(tokens[k].word)) {
        let seen = 0;
        for (let b = i - 1; b >= 0 && seen < 8; b--) {
          const bt = tokens[b];
          if ((bt.punct && bt.word !== '-' && bt.word !== "'") || SCOPE_TERMINATORS.has(bt.word)) break;
          mark(b);
          if (bt.content) seen++;
        }
        break;
      }
    }
  }
  // After a comma the scope goes on only through a list ("no risk of infection, bleeding or clots").
  function listContinues(comma: number): boolean {
    for (let k = comma + 1; k < tokens.length && k <= comma + 5; k++) {
      const w = tokens[k].word;
      if (w === 'or' || w === 'and' || w === 'nor') return true;
      if (tokens[k].punct || SCOPE_TERMINATORS.has(w)) return false;
    }
    return false;
  }
  /** Marks the scope after a trigger; with probe, marks nothing and returns a second trigger inside the scope. */
  function forward(from: number, probe = false): number | undefined {
    let seen = 0;
    for (let j = from + 1; j < tokens.length && seen < SCOPE_WINDOW; j++) {
      const tj = tokens[j];
      if (tj.punct) {
        if (/^[.;:!?()\[\]]$/.test(tj.word)) break;
        if (tj.word === '-' && tokens[j + 1]?.word === '-') break;
        if (tj.word === ',' && !listContinues(j)) break;
        continue;
      }
      if (SCOPE_TERMINATORS.has(tj.word)) break;
      if (probe) {
        if (isTrigger(tokens, j)) return j;
      } else mark(j);
      if (tj.content) seen++;
    }
    return undefined;
  }
  return { negated: count.map((c) => c % 2 === 1), triggers };
}

const aliasStarts = new WeakMap<Tagger, { exact: Set<string>; prefixes: string[] }>();

/** Cheap pre-check: could any procedure alias start at one of these words? (Skips the tagger for most sentences.) */
function mayNameProcedure(tokens: readonly Token[], tagger: Tagger): boolean {
  let starts = aliasStarts.get(tagger);
  if (!starts) {
    starts = { exact: new Set(), prefixes: [] };
    for (const p of tagger.taxonomy.procedures) {
      for (const alias of p.aliases) {
        const first = alias.trim().toLowerCase().split(/[\s\-\u2010\u2011]+/)[0] ?? '';
        if (!first) continue;
        if (alias.endsWith('*') && first.endsWith('*')) starts.prefixes.push(first.slice(0, -1));
        else starts.exact.add(first.replace(/\*$/, ''));
      }
    }
    aliasStarts.set(tagger, starts);
  }
  const { exact, prefixes } = starts;
  for (const t of tokens) {
    if (t.punct) continue;
    const w = t.word.toLowerCase();
    if (exact.has(w)) return true;
    if (w.endsWith('s') && (exact.has(w.replace(/e?s$/, '')) || exact.has(w.replace(/ies$/, 'y')))) return true;
    for (let k = 0; k < prefixes.length; k++) if (w.startsWith(prefixes[k])) return true;
    if (!plainWord(w)) return true; // unusual letters: let the tagger decide
  }
  return false;
}

/** `/^[a-z0-9'-]+$/.test(w)`. */
function plainWord(w: string): boolean {
  if (w.length === 0) return false;
  for (let k = 0; k < w.length; k++) {
    const c = w.charCodeAt(k);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 39 || c === 45)) return false;
  }
  return true;
}

function procedureRefs(text: string, tokens: readonly Token[], tagger: Tagger): ProcedureRef[] {
  const refs: ProcedureRef[] = [];
  if (!mayNameProcedure(tokens, tagger)) return refs;
  const mentions = tagger.procedureMentions(text);
  let lastEnd = -1;
  for (const m of mentions) {
    if (m.index < lastEnd) continue; // overlapping, shorter alias
    const end = m.index + m.length;
    for (const t of tokens) {
      if (t.start >= m.index && t.end <= end) {
        t.inProcedure = true;
        t.content = false;
      }
    }
    // Role: the words just before the name.
    let b = tokens.findIndex((t) => t.start >= m.index) - 1;
    const prevRef = refs[refs.length - 1];
    let subject = true;
    let compared = false;
    let chained = false;
    for (let skipped = 0; b >= 0 && skipped < 4; b--, skipped++) {
      const w = tokens[b].word;
      if (/^(a|an|the|traditional|conventional|open|standard|minimally|invasive|lumbar|low|back|single|level|-|his|her|their|your|its)$/.test(w)) continue;
      if (tokens[b].inProcedure) continue;
      if ((w === 'or' || w === 'and' || w === ',' || w === '/') && prevRef && prevRef.end >= tokens[Math.max(0, b - 2)].start) {
        chained = true;
        break;
      }
      if (NON_SUBJECT_BEFORE.has(w) || w === 'including' || w === 'include' || w === 'includes') subject = false;
      const before = tokens[b - 1]?.word;
      compared = COMPARISON_BEFORE.has(w) || ((w === 'to' || w === 'with' || w === 'of') && before !== undefined && COMPARISON_BEFORE.has(before));
      break;
    }
    if (chained && prevRef) {
      subject = prevRef.subject;
      compared = prevRef.compared;
    }
    refs.push({ procedure: m.procedure, start: m.index, end, subject, compared });
    lastEnd = end;
  }
  return refs;
}

// Words that make the next procedure name the other side of a comparison.
const COMPARISON_BEFORE = new Set(['than', 'unlike', 'versus', 'vs', 'instead', 'rather', 'compared', 'comparison', 'opposed', 'alternative']);

const QUANTIFIER_STARTS = new Set([...Object.keys(QUANTIFIER_LEVEL), ...Object.keys(PARTITIVE_LEVEL)].map((k) => k.split(' ')[0]));

function quantifierRefs(tokens: readonly Token[]): QuantifierRef[] {
  const out: QuantifierRef[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.punct || !QUANTIFIER_STARTS.has(t.word) || tokens[i - 1]?.word === '-') continue;
    const two = i + 1 < tokens.length ? `${t.word} ${tokens[i + 1].word}` : '';
    const three = i + 2 < tokens.length ? `${two} ${tokens[i + 2].word}` : '';
    let key = '';
    let width = 1;
    if (three && three in QUANTIFIER_LEVEL) [key, width] = [three, 3];
    else if (two && two in QUANTIFIER_LEVEL) [key, width] = [two, 2];
    else if (t.word in QUANTIFIER_LEVEL) key = t.word;
    const partKey = three in PARTITIVE_LEVEL ? three : two in PARTITIVE_LEVEL ? two : t.word in PARTITIVE_LEVEL ? t.word : '';
    // What the quantifier is about: a population head within three words, or a pronoun ("everyone", "for some,").
    const after = tokens.slice(i + width, i + width + 3);
    const headAt = after.findIndex((a) => POPULATION_HEADS.has(a.word));
    const standalone =
      QUANTIFIER_PRONOUNS.has(key) ||
      (/^(some|many|most|all)$/.test(key) &&
        (tokens[i + 1]?.punct || POPULATION_FOLLOWERS.has(tokens[i + 1]?.word ?? '') || /^(for|to)$/.test(tokens[i - 1]?.word ?? '')) &&
        !(tokens[i + 1]?.word === '-'));
    if (key && key !== 'no' && (headAt >= 0 || standalone) && !(key === 'most' && headAt !== 0 && !standalone)) {
      if (key === 'any' && !after.slice(0, 1).some((a) => POPULATION_HEADS.has(a.word))) continue;
      const endTok = standalone ? i + width - 1 : i + width + headAt;
      out.push({ scale: 'population', level: QUANTIFIER_LEVEL[key], start: t.start, end: tokens[endTok].end, text: '' });
      i += width - 1;
      continue;
    }
    if (key === 'no' && headAt === 0) {
      out.push({ scale: 'population', level: 0, start: t.start, end: tokens[i + 1].end, text: '' });
      continue;
    }
    if (partKey) {
      const pw = partKey.split(' ').length;
      const next = tokens[i + pw];
      if (next && !next.punct && !POPULATION_HEADS.has(next.word)) {
        out.push({ scale: 'part', level: PARTITIVE_LEVEL[partKey], start: t.start, end: tokens[i + pw - 1].end, text: '' });
        i += pw - 1;
      }
    }
  }
  return out;
}

/** Analyses one sentence (bounded: long sentences are cut at MAX_SENTENCE_CHARS). */
export function analyse(text: string, tagger: Tagger): Analysis {
  const normal = normaliseText(text);
  const tokens = tokenize(normal);
  const procedures = procedureRefs(normal.slice(0, tokens.length ? tokens[tokens.length - 1].end : 0), tokens, tagger);
  const { negated, triggers } = negationScopes(tokens);
  const quantities = extractQuantities(tokens);
  const quantifiers = quantifierRefs(tokens).map((q) => ({ ...q, text: normal.slice(q.start, q.end) }));
  const stems = new Set<string>();
  const plainStems = new Set<string>();
  for (const t of tokens) {
    if (t.content && t.stem) {
      stems.add(t.stem);
      plainStems.add(t.stem);
    }
  }
  for (const p of procedures) stems.add(`proc:${p.procedure}`);
  return { text: normal, tokens, negated, triggers, procedures, quantities, quantifiers, stems, plainStems };
}

/** Token indices of hedges and certainty words (certainty only when not negated, e.g. "will not" is a negation). */
export function modalWords(a: Analysis): { hedges: number[]; certain: number[] } {
  const hedges: number[] = [];
  const certain: number[] = [];
  a.tokens.forEach((t, i) => {
    if (t.punct) return;
    if (HEDGES.has(t.word)) hedges.push(i);
    else if (CERTAINTY.has(t.word) && !a.negated[i]) {
      const next = a.tokens[i + 1]?.word;
      if (t.word === 'will' && (next === 'not' || next === 'never' || next === 'be' && a.tokens[i + 2]?.word === 'asked')) return;
      if (t.word === 'certain' && !/^(to|that)$/.test(next ?? '')) return; // "certain cases" is a quantifier
      if (a.negated[i] || a.tokens[i - 1]?.word === 'not') return;
      certain.push(i);
    }
    // "not always", "not necessarily": a hedge.
    if (t.word === 'always' && a.tokens[i - 1]?.word === 'not') hedges.push(i);
  });
  return { hedges, certain };
}

/** Specific procedures a sentence is about (subjects first), approaches and catch-alls left out. */
export function specificProcedures(refs: readonly ProcedureRef[], isGeneral: (id: string) => boolean): { primary?: string; all: string[]; subjects: string[] } {
  const specific = refs.filter((r) => !isGeneral(r.procedure) && !PROCEDURE_APPROACHES.has(r.procedure));
  const subjects = [...new Set(specific.filter((r) => r.subject).map((r) => r.procedure))];
  const all = [...new Set(specific.map((r) => r.procedure))];
  // A procedure named only as what something is compared with is never what the sentence is about.
  const candidates = [...new Set(specific.filter((r) => !r.compared).map((r) => r.procedure))];
  return { primary: subjects[0] ?? candidates[0], all, subjects };
}

/** A content word with its polarity. */
export interface Polar {
  stem: string;
  negated: boolean;
  index: number;
}

const polarCache = new WeakMap<Analysis, readonly Polar[]>();

/** Content words with their polarity; "painless" reads as "pain" negated (cached: analyses are read-only). */
export function polarWords(a: Analysis): readonly Polar[] {
  let cached = polarCache.get(a);
  if (!cached) polarCache.set(a, (cached = computePolarWords(a)));
  return cached;
}

function computePolarWords(a: Analysis): Polar[] {
  const out: Polar[] = [];
  a.tokens.forEach((t, i) => {
    if (!t.content || !t.stem || t.inProcedure || /^\d/.test(t.stem)) return;
    const less = /^(\w+)less$/.exec(t.word);
    if (less && RISK_STEMS.has(less[1])) out.push({ stem: less[1], negated: !a.negated[i], index: i });
    else out.push({ stem: t.stem, negated: a.negated[i], index: i });
  });
  return out;
}

/**
 * The harms (RISK_STEMS) a sentence names without negating them, distinct, in
 * order: the stems of `polarWords(a)` in RISK_STEMS that are not negated
 * (computed without listing the other words).
 */
export function affirmedHarms(a: Analysis): string[] {
  const out: string[] = [];
  const { tokens, negated } = a;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t.content || !t.stem || t.inProcedure) continue;
    const code = t.stem.charCodeAt(0);
    if (code >= 48 && code <= 57) continue; // a number
    const word = t.word;
    let stem: string | undefined;
    if (word.endsWith('less')) {
      const less = /^(\w+)less$/.exec(word);
      if (less && RISK_STEMS.has(less[1])) {
        if (negated[i]) stem = less[1];
      } else if (!negated[i] && RISK_STEMS.has(t.stem)) stem = t.stem;
    } else if (!negated[i] && RISK_STEMS.has(t.stem)) stem = t.stem;
    if (stem !== undefined && !out.includes(stem)) out.push(stem);
  }
  return out;
}
