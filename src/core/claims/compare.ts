import { FindingCode } from './finding';
import { Analysis, Polar, modalWords, polarWords, specificProcedures } from './analysis';
import { SourceIndex, Span } from './aligner';
import { ABSOLUTE_POSITIVE, CAUSATIVE_VERBS, DIRECTION, EXISTENCE_DENIALS, INTENSIFIERS, PROCEDURE_APPROACHES, PROCEDURE_PARENTS, RISK_STEMS } from './lexicon';
import { Quantity, sameQuantity } from './quantities';

/** A disagreement found in one sentence; offsets are into the sentence text. */
export interface Issue {
  code: FindingCode;
  start: number;
  end: number;
  /** What differs, without the source quote (the checker adds it). */
  what: string;
  /** Replacement for [start, end); absent means "replace the sentence with the source wording". */
  replacement?: string;
  /** The source sentences this issue is measured against. */
  source: number[];
}

/** Thresholds of alignment (share of idf-weighted content words). */
export const STRONG_ALIGNMENT = 0.5;
export const WEAK_ALIGNMENT = 0.34;

// ------------------------------------------------------------------ procedures

const ancestorCache = new Map<string, readonly string[]>();

/** A procedure and its parents, nearest first (the lexicon is fixed: kept per id; read-only). */
function ancestors(id: string): readonly string[] {
  let out = ancestorCache.get(id);
  if (!out) {
    const list = [id];
    for (let p = PROCEDURE_PARENTS[id], guard = 0; p && guard < 8; p = PROCEDURE_PARENTS[p], guard++) list.push(p);
    if (ancestorCache.size > 10000) ancestorCache.clear();
    ancestorCache.set(id, (out = list));
  }
  return out;
}

/** Same procedure, one a kind of the other, or either a catch-all or an approach. */
export function compatible(a: string, b: string, isGeneral: (id: string) => boolean): boolean {
  if (a === b || isGeneral(a) || isGeneral(b) || PROCEDURE_APPROACHES.has(a) || PROCEDURE_APPROACHES.has(b)) return true;
  return ancestors(a).includes(b) || ancestors(b).includes(a);
}

export interface CompareContext {
  index: SourceIndex;
  isGeneral: (id: string) => boolean;
  label: (id: string) => string;
}

/**
 * Specific procedures a source span is about: its own subjects, else its
 * context. A snippet's `procedures` are its own subjects when it names any
 * (all of them, in order), else its context: its specific own subjects are
 * exactly the specific ones among them, and when it has none (no subjects, or
 * only general ones) the same filter gives its context's or none. Read from the
 * index, without analysing the snippet.
 */
function spanProcedures(ctx: CompareContext, indices: readonly number[]): string[] {
  if (indices.length === 1) return [...groupProcedures(ctx, indices[0])];
  const out = new Set<string>();
  for (const i of indices) for (const p of groupProcedures(ctx, i)) out.add(p);
  return [...out];
}

const groupProcedureCache = new WeakMap<SourceIndex, Array<readonly string[] | undefined>>();

/** `spanProcedures` of one snippet, kept per group of copies (the same procedures; read-only). */
function groupProcedures(ctx: CompareContext, i: number): readonly string[] {
  let byGroup = groupProcedureCache.get(ctx.index);
  if (!byGroup) groupProcedureCache.set(ctx.index, (byGroup = []));
  const g = ctx.index.group(i);
  let out = byGroup[g];
  if (!out) {
    const set = new Set<string>();
    for (const p of ctx.index.procedures(i)) if (!ctx.isGeneral(p) && !PROCEDURE_APPROACHES.has(p)) set.add(p);
    byGroup[g] = out = [...set];
  }
  return out;
}

const IS_A = /\b(?:is|are|was|were)\s+(?:a|an|one)\s+(?:(?:type|form|kind|variety|sort)\s+of\s+)?(?:[a-z-]+\s+){0,2}$/i;
const SUCH_AS = /(?:such\s+as|like|including|e\.g\.?,?)\s*(?:the\s+)?$/i;

/** "X is a type of Y", "Y procedures such as X": X must be a kind of Y. */
function taxonomicClaims(w: Analysis, ctx: CompareContext): Issue[] {
  const issues: Issue[] = [];
  const refs = w.procedures.filter((r) => !PROCEDURE_APPROACHES.has(r.procedure));
  for (let k = 1; k < refs.length; k++) {
    const child = refs[k];
    const between = w.text.slice(refs[k - 1].end, child.start);
    let parent: typeof child | undefined;
    let member: typeof child | undefined;
    if (SUCH_AS.test(between.replace(/[\s,\-—–()]+$/g, ' ').trimEnd() + ' ') || SUCH_AS.test(between)) {
      parent = refs[k - 1];
      member = child;
    } else if (IS_A.test(between)) {
      parent = child;
      member = refs[k - 1];
    }
    if (!parent || !member || ctx.isGeneral(parent.procedure) || ctx.isGeneral(member.procedure)) continue;
    if (ancestors(member.procedure).includes(parent.procedure)) continue;
    if (member.procedure === parent.procedure) continue;
    issues.push({
      code: 'procedure',
      start: Math.min(member.start, parent.start),
      end: Math.max(member.end, parent.end),
      what: `${ctx.label(member.procedure)} is not a kind of ${ctx.label(parent.procedure)}`,
      source: [],
    });
  }
  return issues;
}

/** A property the sources give one procedure, said of another. */
function procedureAttribution(w: Analysis, spans: readonly Span[], ctx: CompareContext): Issue[] {
  const issues = taxonomicClaims(w, ctx);
  const { primary } = specificProcedures(w.procedures, ctx.isGeneral);
  if (!primary) return issues;
  const singles = spans.filter((s) => s.indices.length === 1);
  let best: Span | undefined;
  let bestCompatible = 0;
  for (const s of singles) {
    const procs = spanProcedures(ctx, s.indices);
    const ok = procs.length === 0 || procs.some((p) => compatible(primary, p, ctx.isGeneral));
    if (ok) bestCompatible = Math.max(bestCompatible, s.plainCoverage);
    else if (!best || s.plainCoverage > best.plainCoverage) best = s;
  }
  if (best && best.plainCoverage >= STRONG_ALIGNMENT && best.plainCoverage - bestCompatible >= 0.15 && issues.length === 0) {
    const owner = spanProcedures(ctx, best.indices);
    const mention = w.procedures.find((r) => r.procedure === primary)!;
    issues.push({
      code: 'procedure',
      start: mention.start,
      end: mention.end,
      what: `the sources say this of ${owner.map(ctx.label).join(' / ')}, not ${ctx.label(primary)}`,
      source: best.indices,
    });
  }
  return issues;
}

// ------------------------------------------------------------------ negation and absolutes

// Stems too general to carry a claim's polarity.
const WEAK_POLAR = new Set(['patient', 'surgeri', 'procedur', 'week', 'month', 'year', 'day', 'time', 'case', 'percent', 'also', 'mani']);

function isAbsoluteWording(w: Analysis, index: number): boolean {
  for (let k = Math.max(0, index - 3); k < index; k++) {
    const word = w.tokens[k].word;
    if (INTENSIFIERS.has(word) || word === 'always') return true;
  }
  return ABSOLUTE_POSITIVE.has(w.tokens[index].word) || (w.tokens[index].word === 'cure' && w.tokens[index + 2]?.word === 'all');
}

function negationFlips(w: Analysis, s: Analysis[], sourceIdx: number[]): Issue[] {
  const sourcePolar = new Map<string, { pos: number; neg: number }>();
  for (const a of s) {
    for (const p of polarWords(a)) {
      const e = sourcePolar.get(p.stem) ?? { pos: 0, neg: 0 };
      if (p.negated) e.neg++;
      else e.pos++;
      sourcePolar.set(p.stem, e);
    }
  }
  const issues: Issue[] = [];
  let denied: Polar | undefined;
  let affirmed: Polar | undefined;
  let absolute = false;
  for (const p of polarWords(w)) {
    if (WEAK_POLAR.has(p.stem)) continue;
    const e = sourcePolar.get(p.stem);
    if (!e) continue;
    if (p.negated && e.neg === 0 && e.pos > 0) {
      denied ??= p;
      if (RISK_STEMS.has(p.stem) && deniesExistence(w, p.index)) {
        absolute = true;
        denied = p;
      }
    } else if (!p.negated && e.pos === 0 && e.neg > 0) {
      affirmed ??= p;
      if (isAbsoluteWording(w, p.index)) {
        absolute = true;
        affirmed = p;
      }
    }
  }
  const hit = absolute ? (denied && RISK_STEMS.has(denied.stem) ? denied : affirmed ?? denied) : denied ?? affirmed;
  if (!hit) return issues;
  const word = w.tokens[hit.index].word;
  const what =
    hit.negated
      ? absolute
        ? `rules out "${word}", which the source names as possible`
        : `denies "${word}", which the source affirms`
      : absolute
        ? `makes "${word}" absolute, where the source limits it`
        : `affirms "${word}", which the source negates`;
  issues.push({ code: absolute ? 'absolute' : 'negation', start: 0, end: w.text.length, what, source: sourceIdx });
  return issues;
}

/** Whether the negation over a word denies that the thing exists or happens ("no risk", "does not cause X"), not some other predicate. */
function deniesExistence(w: Analysis, index: number): boolean {
  const word = w.tokens[index].word;
  if (/less$/.test(word) && !w.negated[index]) return true; // "painless"
  const trigger = [...w.triggers].reverse().find((t) => t < index) ?? w.triggers.find((t) => t > index);
  if (trigger === undefined) return false;
  const tw = w.tokens[trigger].word;
  if (trigger > index) return true; // reached backwards: "X cannot happen", "risk-free"
  if (!EXISTENCE_DENIALS.has(tw) && ![...Array(Math.max(0, index - trigger - 1)).keys()].some((k) => CAUSATIVE_VERBS.has(w.tokens[trigger + 1 + k].word))) return false;
  // The harm must head what is denied: only verbs like "cause", harms and plain modifiers in between.
  for (let k = trigger + 1; k < index; k++) {
    const t = w.tokens[k];
    if (!t.content || t.inProcedure) continue;
    if (CAUSATIVE_VERBS.has(t.word) || HARM_MODIFIERS.has(t.word) || RISK_STEMS.has(t.stem)) continue;
    return false;
  }
  return true;
}

const HARM_MODIFIERS = new Set(['any', 'ongoing', 'new', 'further', 'serious', 'major', 'significant', 'heavy', 'excessive', 'lasting', 'long-term', 'permanent', 'other', 'real', 'such', 'lead', 'leads', 'led']);

const harmCandidateCache = new WeakMap<SourceIndex, Map<string, number[]>>();

/**
 * The harm's sources (`SourceIndex.harmSources`) said of a procedure
 * compatible with `primary`, or of no specific procedure; kept per stem and
 * procedure (one array: coverages reuse their layout). Each procedure a source
 * is about is judged once per list, by its term id.
 */
function harmCandidates(ctx: CompareContext, stem: string, primary: string | undefined): readonly number[] {
  let byKey = harmCandidateCache.get(ctx.index);
  if (!byKey) harmCandidateCache.set(ctx.index, (byKey = new Map()));
  const key = `${stem}\u0000${primary ?? ''}`;
  let out = byKey.get(key);
  if (!out) {
    const sources = ctx.index.harmSources(stem);
    if (!primary) out = Array.from(sources);
    else {
      out = [];
      // Per 'proc:' term id: 0 a catch-all or an approach (not counted), 1 compatible, 2 not.
      const kinds = new Map<number, number>();
      const kind = (id: number) => {
        let k = kinds.get(id);
        if (k === undefined) {
          const p = ctx.index.procedureOfTerm(id);
          k = ctx.isGeneral(p) || PROCEDURE_APPROACHES.has(p) ? 0 : compatible(primary, p, ctx.isGeneral) ? 1 : 2;
          kinds.set(id, k);
        }
        return k;
      };
      for (let n = 0; n < sources.length; n++) {
        const i = sources[n];
        let specific = false;
        let ok = false;
        for (let y = 0, count = ctx.index.procedureCount(i); y < count && !ok; y++) {
          const k = kind(ctx.index.procedureTerm(i, y));
          if (k !== 0) specific = true;
          if (k === 1) ok = true;
        }
        if (!specific || ok) out.push(i);
      }
    }
    byKey.set(key, out);
  }
  return out;
}

function deniedHarms(w: Analysis, ctx: CompareContext, aligned: Analysis[] = []): Issue[] {
  const { primary } = specificProcedures(w.procedures, ctx.isGeneral);
  const aboutSurgery = w.procedures.length > 0 || w.stems.has('surgeri');
  if (!aboutSurgery) return [];
  for (const p of polarWords(w)) {
    if (!p.negated || !RISK_STEMS.has(p.stem) || !deniesExistence(w, p.index)) continue;
    if (aligned.some((a) => polarWords(a).some((q) => q.stem === p.stem && q.negated))) continue;
    let bestIdx = -1;
    let bestScore = 0;
    const candidates = harmCandidates(ctx, p.stem, primary);
    const coverages = ctx.index.coverages(w, candidates);
    for (let n = 0; n < candidates.length; n++) {
      const i = candidates[n];
      const score = coverages[n];
      if (score > bestScore || (score === bestScore && i < bestIdx)) {
        bestScore = score;
        bestIdx = i;
      }
    }
    if (bestIdx >= 0 && bestScore >= 0.2) {
      return [{ code: 'absolute', start: 0, end: w.text.length, what: `rules out "${w.tokens[p.index].word}", which the sources name as a possibility`, source: [bestIdx] }];
    }
  }
  return [];
}

// ------------------------------------------------------------------ modality

const SWAPPABLE_MODALS = new Set(['will', 'always', 'certainly', 'definitely', 'invariably', 'inevitably', 'may', 'might', 'can', 'could', 'often', 'usually', 'generally', 'typically', 'commonly', 'frequently', 'sometimes']);

function windowStems(a: Analysis, index: number, before: number, after: number, phrase = false): Set<string> {
  const out = new Set<string>();
  let seen = 0;
  // phrase: stay inside the word's own phrase (stop at "and", "or", commas).
  const stop = (t: Analysis['tokens'][number]) => (t.punct && (/^[.;:!?]$/.test(t.word) || (phrase && t.word === ','))) || (phrase && /^(and|or|but|while|whereas)$/.test(t.word));
  for (let k = index + 1; k < a.tokens.length && seen < after; k++) {
    const t = a.tokens[k];
    if (stop(t)) break;
    if (t.content && t.stem) {
      out.add(t.stem);
      seen++;
    }
  }
  seen = 0;
  for (let k = index - 1; k >= 0 && seen < before; k--) {
    const t = a.tokens[k];
    if (stop(t)) break;
    if (t.content && t.stem) {
      out.add(t.stem);
      seen++;
    }
  }
  return out;
}

function modality(w: Analysis, s: Analysis[], sourceIdx: number[]): Issue[] {
  const wm = modalWords(w);
  if (wm.certain.length === 0) return [];
  const sourceModals = s.map((a) => ({ a, m: modalWords(a) }));
  if (sourceModals.some(({ m }) => m.certain.length > 0)) return [];
  for (const c of wm.certain) {
    const near = windowStems(w, c, 0, 5);
    for (const { a, m } of sourceModals) {
      for (const h of m.hedges) {
        const sNear = windowStems(a, h, 0, 5);
        if (![...near].some((x) => sNear.has(x))) continue;
        const cw = w.tokens[c].word;
        const hw = a.tokens[h].word;
        const swap = SWAPPABLE_MODALS.has(cw) && SWAPPABLE_MODALS.has(hw);
        return [{
          code: 'modality',
          start: w.tokens[c].start,
          end: w.tokens[c].end,
          what: `"${cw}" states as certain what the source hedges with "${hw}"`,
          replacement: swap ? a.text.slice(a.tokens[h].start, a.tokens[h].end) : undefined,
          source: sourceIdx,
        }];
      }
    }
  }
  return [];
}

// ------------------------------------------------------------------ quantifiers

function quantifiers(w: Analysis, s: Analysis[], sourceIdx: number[]): Issue[] {
  const issues: Issue[] = [];
  for (const scale of ['population', 'part'] as const) {
    const sq = s.flatMap((a) => a.quantifiers.filter((q) => q.scale === scale));
    if (sq.length === 0) {
      // A universal claim ("all patients") where the source speaks of patients generically and hedges ("can", "often").
      const universal = scale === 'population' ? w.quantifiers.find((q) => q.scale === scale && (q.level === 5 || q.level === 0)) : undefined;
      const hedge = s.map((a) => ({ a, h: modalWords(a).hedges })).find((x) => x.h.length > 0);
      if (universal && hedge) {
        issues.push({
          code: 'quantifier',
          start: universal.start,
          end: universal.end,
          what: `"${universal.text}" where the source only says "${hedge.a.tokens[hedge.h[0]].word}"`,
          source: sourceIdx,
        });
      }
      continue;
    }
    const maxS = Math.max(...sq.map((q) => q.level));
    const minS = Math.min(...sq.map((q) => q.level));
    for (const q of w.quantifiers.filter((x) => x.scale === scale)) {
      const inflated = q.level >= 4 && q.level > maxS;
      const denied = q.level === 0 && minS >= 2;
      if (!inflated && !denied) continue;
      const nearest = sq.reduce((a, b) => (Math.abs(b.level - q.level) < Math.abs(a.level - q.level) ? b : a));
      issues.push({
        code: 'quantifier',
        start: q.start,
        end: q.end,
        what: `"${q.text}" where the source says "${nearest.text}"`,
        replacement: nearest.text,
        source: sourceIdx,
      });
      break;
    }
  }
  return issues;
}

// ------------------------------------------------------------------ numbers

function describe(q: Quantity, text: string): string {
  return text.slice(q.start, q.end);
}

function numbers(w: Analysis, s: Analysis[], sourceIdx: number[]): Issue[] {
  const issues: Issue[] = [];
  for (const q of w.quantities) {
    const same = s.flatMap((a) => a.quantities.filter((r) => r.cls === q.cls).map((r) => ({ r, a })));
    if (same.length === 0) continue;
    if (same.some(({ r }) => sameQuantity(q, r))) continue;
    const { r, a } = same[0];
    const precise = same.find((x) => !x.r.vague) ?? same[0];
    const shown = describe(precise.r, precise.a.text);
    issues.push({
      code: 'number',
      start: q.start,
      end: q.end,
      what: `"${w.text.slice(q.start, q.end)}" where the source says "${shown}"`,
      replacement: precise.r.vague && !r.vague ? describe(r, a.text) : precise.r.vague ? undefined : shown,
      source: sourceIdx,
    });
  }
  return issues;
}

// ------------------------------------------------------------------ direction

function suffixClass(word: string): string {
  if (/^(more|less|fewer)$/.test(word)) return 'cmp';
  const m = /(ing|ed|er|es|s)$/.exec(word);
  return m ? m[1] : '';
}

function direction(w: Analysis, s: Analysis[], sourceIdx: number[], ctx: CompareContext): Issue[] {
  for (let i = 0; i < w.tokens.length; i++) {
    const t = w.tokens[i];
    const dirs = DIRECTION[t.word];
    if (!dirs || w.negated[i]) continue;
    // What the word modifies: the words after it ("less durable", "reduce the risk"), else before it ("recovery is shorter").
    const after = windowStems(w, i, 0, 2, true);
    const before = windowStems(w, i, 3, 0, true);
    for (const a of s) {
      const matches: Array<{ j: number; mode: 'after' | 'before' }> = [];
      for (const j of directionWords(a)) {
        const win = directionWindows(a, j);
        if (sharesAny(after, win.after)) matches.push({ j, mode: 'after' });
        else if (sharesAny(before, win.before)) matches.push({ j, mode: 'before' });
      }
      const chosen = matches.some((m) => m.mode === 'after') ? matches.filter((m) => m.mode === 'after') : matches;
      let opposite: number | undefined;
      let agreeing = false;
      for (const { j } of chosen) {
        for (const [axis, sign] of dirs) {
          for (const [sAxis, sSign] of DIRECTION[a.tokens[j].word]) {
            if (axis !== sAxis) continue;
            if (sSign === sign) agreeing = true;
            else opposite ??= j;
          }
        }
      }
      if (opposite !== undefined && !agreeing) {
        const u = a.tokens[opposite];
        const property = attributedProperty(w, i, new Set([...after, ...before]), ctx);
        if (property) return [property];
        return [{
          code: 'direction',
          start: t.start,
          end: t.end,
          what: `"${t.word}" where the source says "${u.word}"`,
          replacement: suffixClass(t.word) === suffixClass(u.word) ? a.text.slice(u.start, u.end) : undefined,
          source: sourceIdx,
        }];
      }
    }
  }
  return [];
}

const directionWordCache = new WeakMap<Analysis, number[]>();

/** Token indices of a source's direction words that are not negated (kept per analysis: analyses are read-only). */
function directionWords(a: Analysis): readonly number[] {
  let out = directionWordCache.get(a);
  if (!out) {
    out = [];
    for (let j = 0; j < a.tokens.length; j++) if (DIRECTION[a.tokens[j].word] && !a.negated[j]) out.push(j);
    directionWordCache.set(a, out);
  }
  return out;
}

const directionWindowCache = new WeakMap<Analysis, Map<number, { after: Set<string>; before: Set<string> }>>();

/** The phrase windows `direction` compares around a source's direction word (kept per analysis and word). */
function directionWindows(a: Analysis, j: number): { after: Set<string>; before: Set<string> } {
  let byToken = directionWindowCache.get(a);
  if (!byToken) directionWindowCache.set(a, (byToken = new Map()));
  let out = byToken.get(j);
  if (!out) byToken.set(j, (out = { after: windowStems(a, j, 0, 2, true), before: windowStems(a, j, 3, 0, true) }));
  return out;
}

function sharesAny(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

/** A reversed property that the sources give to a different procedure ("preserves motion" said of fusion). */
function attributedProperty(w: Analysis, i: number, near: Set<string>, ctx: CompareContext): Issue | undefined {
  const { primary } = specificProcedures(w.procedures, ctx.isGeneral);
  if (!primary) return undefined;
  const stem = w.tokens[i].stem;
  let owner: number | undefined;
  for (const j of ctx.index.containing(stem).slice(0, 5000)) {
    const a = ctx.index.analysis(j);
    const k = a.tokens.findIndex((u) => u.stem === stem && !a.negated[a.tokens.indexOf(u)]);
    if (k < 0) continue;
    const sNear = windowStems(a, k, 3, 3);
    if (![...near].some((x) => sNear.has(x))) continue;
    const procs = spanProcedures(ctx, [j]);
    // Said of surgery in general, or of a compatible procedure: not another procedure's property.
    if (procs.length === 0 || procs.some((p) => compatible(primary, p, ctx.isGeneral))) return undefined;
    owner ??= j;
  }
  if (owner === undefined) return undefined;
  const procs = spanProcedures(ctx, [owner]);
  const mention = w.procedures.find((r) => r.procedure === primary)!;
  return {
    code: 'procedure',
    start: mention.start,
    end: mention.end,
    what: `"${w.tokens[i].word}" is what the sources say of ${procs.map(ctx.label).join(' / ')}, not ${ctx.label(primary)}`,
    source: [owner],
  };
}

// ------------------------------------------------------------------ all together

/** Every disagreement between a writer's sentence and its aligned source span. */
export function compareSentence(w: Analysis, best: Span, spans: readonly Span[], ctx: CompareContext): Issue[] {
  const s = best.indices.map((i) => ctx.index.analysis(i));
  const issues: Issue[] = [];
  issues.push(...procedureAttribution(w, spans, ctx));
  const flips = negationFlips(w, s, best.indices);
  const harms = flips.some((f) => f.code === 'absolute') ? [] : deniedHarms(w, ctx, s);
  issues.push(...(harms.length ? harms : flips));
  if (!issues.some((i) => i.code === 'absolute')) issues.push(...modality(w, s, best.indices));
  issues.push(...quantifiers(w, s, best.indices));
  issues.push(...numbers(w, s, best.indices));
  if (!issues.some((i) => i.code === 'procedure' || i.code === 'negation')) issues.push(...direction(w, s, best.indices, ctx));
  return issues;
}

/**
 * A corpus sentence quoted word for word: it says what its source says, so
 * only what the taxonomy says of the procedures it names can disagree
 * (comparing it with its own source finds nothing, and its source outranks
 * any other for attribution).
 */
export function compareQuoted(w: Analysis, ctx: CompareContext): Issue[] {
  return taxonomicClaims(w, ctx);
}

/** For sentences too far from any source to compare fully: absolute denials of harms are still checked. */
export function compareLoose(w: Analysis, ctx: CompareContext, nearest: readonly Span[] = []): Issue[] {
  const near = nearest.flatMap((s) => s.indices.map((i) => ctx.index.analysis(i)));
  return [...deniedHarms(w, ctx, near), ...taxonomicClaims(w, ctx)];
}
