import { Corpus } from '../corpus';
import { Snippet } from '../snippet';
import { Tagger } from '../taxonomy';
import { Analysis, analyse } from './analysis';

const UNIT_STEMS = new Set(['day', 'week', 'month', 'year', 'hour', 'percent', 'minut', 'level']);

/** Candidates kept from the index for full comparison. */
const MAX_CANDIDATES = 10;
/** Candidates also tried merged with a neighbour. */
const MAX_MERGED = 5;
/** Query terms used for retrieval (rarest first). */
const MAX_QUERY_TERMS = 16;
/** Postings longer than this are too common to drive retrieval (they still count when rescoring). */
const MAX_POSTINGS = 20000;
/** BM25 parameters. */
const BM25_K1 = 1.2;
const BM25_B = 0.75;
/** Slack for rounding when comparing score bounds (scores are sums of a few dozen terms). */
const PRUNE_MARGIN = 1e-9;
const EMPTY: number[] = [];
/** Words of the per-group signature: the 32 * SIGNATURE_WORDS most common terms get a bit each. */
const SIGNATURE_WORDS = 4;

function siftDown<T>(heap: T[], less: (a: T, b: T) => boolean): void {
  for (let p = 0; ; ) {
    const l = 2 * p + 1;
    const r = l + 1;
    let m = p;
    if (l < heap.length && less(heap[l], heap[m])) m = l;
    if (r < heap.length && less(heap[r], heap[m])) m = r;
    if (m === p) return;
    [heap[p], heap[m]] = [heap[m], heap[p]];
    p = m;
  }
}

/** Set bits in a 32-bit integer. */
function popCount(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** The k best scores offered so far, counting an entry `copies` times (a min-heap). */
class TopScores {
  private heap = new Float64Array(MAX_CANDIDATES);
  private size = 0;
  private limit = 0;

  reset(limit: number): void {
    if (this.heap.length < limit) this.heap = new Float64Array(limit);
    this.size = 0;
    this.limit = limit;
  }

  /** The least score that can still make the k best (minus rounding slack); -Infinity while fewer than k. */
  threshold(): number {
    return this.size < this.limit ? -Infinity : this.heap[0] - PRUNE_MARGIN;
  }

  offer(v: number, copies: number): void {
    const heap = this.heap;
    const limit = this.limit;
    for (let c = 0; c < copies; c++) {
      if (this.size < limit) {
        let i = this.size++;
        heap[i] = v;
        while (i > 0) {
          const p = (i - 1) >> 1;
          if (heap[p] <= heap[i]) break;
          const t = heap[p];
          heap[p] = heap[i];
          heap[i] = t;
          i = p;
        }
      } else if (v > heap[0]) {
        heap[0] = v;
        for (let i = 0; ; ) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < limit && heap[l] < heap[m]) m = l;
          if (r < limit && heap[r] < heap[m]) m = r;
          if (m === i) break;
          const t = heap[m];
          heap[m] = heap[i];
          heap[i] = t;
          i = m;
        }
      } else return;
    }
  }
}

/** A query's stems in order, with their idf, whether each names a procedure, whether each counts as a gained word. */
interface QueryStems {
  stems: string[];
  weights: number[];
  proc: boolean[];
  gain: boolean[];
}

/** A stretch of one or two adjacent source sentences a writer's sentence is aligned to. */
export interface Span {
  /** Snippet indices, in order (adjacent, same file). */
  indices: number[];
  /** idf-weighted share of the writer's content words found in the span (procedure names as procedures). */
  coverage: number;
  /** The same without procedure names: what the sentence says, whoever it is said of. */
  plainCoverage: number;
  /** idf-weighted share of the source's content words found in the sentence. */
  precision: number;
  /** How many distinct content stems matched. */
  matched: number;
  /** For a merged span: content stems matched only thanks to the second sentence. */
  gain: number;
}

/**
 * BM25 over source sentences by canonical stems (synonyms, US spelling,
 * procedure ids), built once per corpus. Retrieval uses the rarest query
 * terms and bounded postings, so its cost does not grow with common words.
 */
export class SourceIndex {
  readonly analyses: Analysis[] = [];
  /** Procedures each snippet is about (its own subject mentions, else its context from the corpus). */
  readonly snippetProcedures: string[][] = [];
  /** Per term: the snippets containing it, ascending (built from the groups on first use). */
  private readonly postings = new Map<string, number[]>();
  /** Per snippet: its terms (stems and 'proc:' ids) and its plain stems. */
  private readonly terms: Array<Set<string>> = [];
  private readonly idfCache = new Map<string, number>();
  private readonly dfCache = new Map<string, number>();
  /** Per snippet: the procedures it is about, as 'proc:' terms (a procedure it only mentions counts half). */
  private readonly aboutTerms: Array<Set<string>> = [];
  /** Per snippet: summed idf of its content stems. */
  private readonly weights: number[] = [];
  private readonly lengths: Float64Array;
  private readonly avgLength: number;
  /**
   * Snippets with the same text and procedures form a group: same terms, same
   * length, same score. Retrieval scores groups, then lists their members.
   */
  private readonly groupOf: Int32Array;
  private readonly groupMembers: number[][] = [];
  private readonly groupTerms: Array<Set<string>> = [];
  /** Per term: the groups containing it, ascending. */
  private readonly groupPostings = new Map<string, number[]>();
  /** Per group: the BM25 length normalisation, 1 + k1 * (1 - b + b * length / avgLength). */
  private readonly denominators: Float64Array;
  /** Per group: its length (terms); per length: the length normalisation (as in `denominators`). */
  private readonly groupLengths: Uint16Array;
  private readonly lengthDenominators: Float64Array;
  private readonly scores: Float64Array;
  /** Term ids, in order of first appearance. */
  private readonly termIds = new Map<string, number>();
  /** Per term id: the smallest length normalisation among its groups (bounds what the term adds to a score). */
  private readonly minDenominators: Float64Array;
  /** Per term id: its bit in the group signatures (the most common terms), else -1. */
  private readonly signatureOf: Int32Array;
  /** Per group: SIGNATURE_WORDS words of bits, one per common term it holds. */
  private readonly signatures: Int32Array;
  /** Per group: how many snippets it has. */
  private readonly memberCounts: Int32Array;
  /** Per group: the query terms it holds while a query runs, else 0. */
  private readonly masks: Int32Array;
  /** Scratch for the running query: groups met, their count of rarer query terms, groups in the order scored. */
  private readonly touched: Int32Array;
  private readonly held: Uint8Array;
  private readonly order: Int32Array;
  /** Scratch for the running query. */
  private readonly query = {
    n: 0,
    weights: new Float64Array(MAX_QUERY_TERMS),
    bounds: new Float64Array(MAX_QUERY_TERMS),
    sigCount: 0,
    /** Summed weights of the common query terms. */
    sigWeights: 0,
    sigWord: new Int32Array(MAX_QUERY_TERMS),
    sigBit: new Int32Array(MAX_QUERY_TERMS),
    sigQuery: new Int32Array(MAX_QUERY_TERMS),
    low: new Float64Array(256),
    high: new Float64Array(256),
    scored: [] as number[],
    top: new TopScores(),
  };
  readonly size: number;
  private readonly queryStemCache = new WeakMap<Analysis, QueryStems>();

  constructor(readonly corpus: Corpus, readonly tagger: Tagger) {
    const snippets = corpus.snippets;
    this.size = snippets.length;
    this.lengths = new Float64Array(snippets.length);
    this.groupOf = new Int32Array(snippets.length);
    let total = 0;
    // Corpora repeat sentences (boilerplate, shared paragraphs): analyse each text once and share the
    // read-only results between its copies.
    type Shared = { procedures: string[]; terms: Set<string>; about: Set<string>; group: number };
    const byText = new Map<string, { a: Analysis; own: string[]; single?: Shared; byContext?: Map<string, Shared> }>();
    const newGroup = (procedures: string[], a: Analysis): Shared => {
      const terms = new Set(a.stems);
      for (const p of procedures) terms.add(`proc:${p}`);
      const group = this.groupMembers.length;
      this.groupMembers.push([]);
      this.groupTerms.push(terms);
      for (const term of terms) {
        let list = this.groupPostings.get(term);
        if (!list) {
          this.groupPostings.set(term, (list = []));
          this.termIds.set(term, this.termIds.size);
        }
        list.push(group);
      }
      return { procedures, terms, about: new Set(procedures.map((p) => `proc:${p}`)), group };
    };
    for (let i = 0; i < snippets.length; i++) {
      const snippet = snippets[i];
      let entry = byText.get(snippet.text);
      if (!entry) {
        const a = analyse(snippet.text, tagger);
        entry = { a, own: a.procedures.filter((p) => p.subject).map((p) => p.procedure) };
        byText.set(snippet.text, entry);
      }
      const { a, own } = entry;
      this.analyses.push(a);
      // Its own subjects when it names any, else what the corpus gave it (context for "this procedure").
      let shared: Shared;
      if (own.length) shared = entry.single ??= newGroup([...new Set(own)], a);
      else {
        const key = snippet.procedures.join('\u0000');
        entry.byContext ??= new Map();
        let found = entry.byContext.get(key);
        if (!found) entry.byContext.set(key, (found = newGroup([...new Set(snippet.procedures)], a)));
        shared = found;
      }
      this.snippetProcedures.push(shared.procedures);
      this.terms.push(shared.terms);
      this.aboutTerms.push(shared.about);
      this.groupOf[i] = shared.group;
      this.groupMembers[shared.group].push(i);
      this.lengths[i] = shared.terms.size;
      total += shared.terms.size;
    }
    this.avgLength = snippets.length ? total / snippets.length : 1;
    const groups = this.groupMembers.length;
    this.denominators = new Float64Array(groups);
    this.scores = new Float64Array(groups);
    const denominatorOf = (length: number) => 1 + BM25_K1 * (1 - BM25_B + (BM25_B * length) / this.avgLength);
    let longest = 0;
    for (let g = 0; g < groups; g++) longest = Math.max(longest, this.lengths[this.groupMembers[g][0]]);
    this.lengthDenominators = Float64Array.from({ length: Math.min(longest, 65535) + 1 }, (_, length) => denominatorOf(length));
    this.groupLengths = new Uint16Array(groups);
    for (let g = 0; g < groups; g++) {
      const length = this.lengths[this.groupMembers[g][0]];
      this.denominators[g] = denominatorOf(length);
      // Longer than the table (never in practice): the shortest length's normalisation still bounds it.
      this.groupLengths[g] = length < this.lengthDenominators.length ? length : 0;
    }
    this.masks = new Int32Array(groups);
    this.touched = new Int32Array(groups);
    this.held = new Uint8Array(groups);
    this.order = new Int32Array(groups);
    this.memberCounts = Int32Array.from(this.groupMembers, (m) => m.length);
    this.minDenominators = new Float64Array(this.termIds.size);
    this.signatureOf = new Int32Array(this.termIds.size).fill(-1);
    this.signatures = new Int32Array(groups * SIGNATURE_WORDS);
    const byLength: Array<[string, number[]]> = [];
    for (const [term, list] of this.groupPostings) {
      const id = this.termIds.get(term)!;
      let min = Infinity;
      for (const g of list) if (this.denominators[g] < min) min = this.denominators[g];
      this.minDenominators[id] = min;
      byLength.push([term, list]);
    }
    byLength.sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
    for (let f = 0; f < byLength.length && f < SIGNATURE_WORDS * 32; f++) {
      const [term, list] = byLength[f];
      this.signatureOf[this.termIds.get(term)!] = f;
      for (const g of list) this.signatures[g * SIGNATURE_WORDS + (f >> 5)] |= 1 << (f & 31);
    }
    const weightOf = new Map<Analysis, number>();
    for (const a of this.analyses) {
      let sum = weightOf.get(a);
      if (sum === undefined) {
        sum = 0;
        for (const s of a.stems) sum += this.idf(s);
        weightOf.set(a, sum);
      }
      this.weights.push(sum);
    }
  }

  idf(term: string): number {
    let v = this.idfCache.get(term);
    if (v === undefined) {
      const df = this.df(term);
      v = Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
      if (this.idfCache.size > 100000) this.idfCache.clear();
      this.idfCache.set(term, v);
    }
    return v;
  }

  /**
   * An identity shared by snippets with the same text and procedures: their
   * analysis, terms, spans procedures and scores against any sentence are equal.
   */
  group(i: number): object {
    return this.terms[i];
  }

  /** How many snippets contain a term. */
  private df(term: string): number {
    let n = this.dfCache.get(term);
    if (n === undefined) {
      n = 0;
      for (const g of this.groupPostings.get(term) ?? EMPTY) n += this.groupMembers[g].length;
      if (this.dfCache.size > 100000) this.dfCache.clear();
      this.dfCache.set(term, n);
    }
    return n;
  }

  /** Snippet indices containing a term, ascending. */
  containing(term: string): readonly number[] {
    let list = this.postings.get(term);
    if (!list) {
      const groups = this.groupPostings.get(term);
      if (!groups) return EMPTY;
      const all = new Int32Array(this.df(term));
      let n = 0;
      for (const g of groups) for (const i of this.groupMembers[g]) all[n++] = i;
      if (groups.length > 1) all.sort();
      list = Array.from(all);
      this.postings.set(term, list);
    }
    return list;
  }

  snippet(i: number): Snippet {
    return this.corpus.snippets[i];
  }

  /**
   * Top source sentences for a writer's sentence by BM25 (ties: earlier
   * snippet first). The query's rarer terms' posting lists are walked, each
   * group met gets the query terms it holds as a bit mask (its common terms
   * read from its signature instead of their long lists); a group is scored
   * only when the most its terms could give reaches the current k-th score.
   * Groups holding only common terms are considered only when those terms
   * together could reach it. Exact: the same sentences, scores (summed in the
   * same term order, bit for bit) and order as scoring every posting.
   */
  candidates(query: Analysis, limit = MAX_CANDIDATES): number[] {
    const terms: Array<{ t: string; idf: number; df: number; list: number[] }> = [];
    for (const t of query.stems) terms.push({ t, idf: this.idf(t), df: this.df(t), list: this.groupPostings.get(t) ?? EMPTY });
    terms.sort((a, b) => b.idf - a.idf || (a.t < b.t ? -1 : 1));
    const used = terms.slice(0, MAX_QUERY_TERMS).filter((x) => x.df > 0 && x.df <= MAX_POSTINGS);
    const n = used.length;
    if (n === 0 || limit <= 0) return [];
    const scale = BM25_K1 + 1;
    const q = this.query;
    q.n = n;
    q.top.reset(limit);
    q.scored.length = 0;
    q.sigCount = 0;
    q.sigWeights = 0;
    const walked: number[] = [];
    const common: number[] = [];
    for (let j = 0; j < n; j++) {
      const id = this.termIds.get(used[j].t)!;
      q.weights[j] = used[j].idf * scale;
      q.bounds[j] = q.weights[j] / this.minDenominators[id];
      const f = this.signatureOf[id];
      if (f >= 0) {
        q.sigWord[q.sigCount] = f >> 5;
        q.sigBit[q.sigCount] = 1 << (f & 31);
        q.sigQuery[q.sigCount++] = 1 << j;
        q.sigWeights += q.weights[j];
        common.push(j);
      } else walked.push(j);
    }
    // Summed weights of the query terms of a mask (its low and high byte): divided by a group's
    // length normalisation, the most the group can score if it holds those terms.
    const { low, high, bounds, weights } = q;
    for (let m = 1; m < 256; m++) {
      const b = 31 - Math.clz32(m & -m);
      low[m] = low[m & (m - 1)] + (b < n ? weights[b] : 0);
      high[m] = high[m & (m - 1)] + (b + 8 < n ? weights[b + 8] : 0);
    }
    const masks = this.masks;
    const touched = this.touched;
    let count = 0;
    // Groups holding a rarer term.
    for (const j of walked) {
      const list = used[j].list;
      const bit = 1 << j;
      for (let x = 0; x < list.length; x++) {
        const g = list[x];
        if (masks[g] === 0) touched[count++] = g;
        masks[g] |= bit;
      }
    }
    // Groups holding more of those terms first: the k-th score rises early and prunes the rest unread.
    const counts = new Int32Array(MAX_QUERY_TERMS + 2);
    const held = this.held;
    for (let x = 0; x < count; x++) counts[(held[x] = popCount(masks[touched[x]]))]++;
    const starts = new Int32Array(MAX_QUERY_TERMS + 2);
    for (let c = MAX_QUERY_TERMS - 1; c >= 0; c--) starts[c] = starts[c + 1] + counts[c + 1];
    const order = this.order;
    for (let x = 0; x < count; x++) order[starts[held[x]]++] = touched[x];
    for (let x = 0; x < count; x++) this.consider(order[x], masks[order[x]], q.sigWeights);
    // Groups holding only common terms, while those terms whose lists are still unwalked could
    // together make the top k (MaxScore: lists of terms that cannot, even together, are skipped).
    // Such a group holds only terms of the list being walked and of those still pending.
    const pending = common.sort((a, b) => bounds[a] - bounds[b] || a - b);
    let possible = q.sigWeights;
    while (pending.length) {
      const min = q.top.threshold();
      let sum = 0;
      let essential = 0;
      while (essential < pending.length && sum + bounds[pending[essential]] < min) sum += bounds[pending[essential++]];
      if (essential === pending.length) break;
      let pick = essential;
      for (let k = essential + 1; k < pending.length; k++) if (used[pending[k]].list.length < used[pending[pick]].list.length) pick = k;
      const list = used[pending[pick]].list;
      pending.splice(pick, 1);
      for (let x = 0; x < list.length; x++) {
        const g = list[x];
        if (masks[g] !== 0) continue;
        masks[g] = 1 << 30; // seen
        touched[count++] = g; // each group at most once: fits

        this.consider(g, 0, possible);
      }
      possible = 0;
      for (const k of pending) possible += weights[k];
    }
    for (let x = 0; x < count; x++) masks[touched[x]] = 0;
    const last = q.top.threshold();
    const scores = this.scores;
    const contenders = q.scored.filter((g) => scores[g] >= last);
    const top = this.topK(contenders, limit);
    for (const g of q.scored) scores[g] = 0;
    return top;
  }

  /**
   * Scores a group holding the query terms of `mask` (plus the common ones its
   * signature shows, together weighing at most `possible`) if it could make the top k.
   */
  private consider(g: number, mask: number, possible: number): void {
    const q = this.query;
    const min = q.top.threshold();
    // The most it could score if it held every common query term it may hold.
    const norm = this.lengthDenominators[this.groupLengths[g]];
    if ((q.low[mask & 255] + q.high[mask >>> 8] + possible) / norm < min) return;
    const signatures = this.signatures;
    const base = g * SIGNATURE_WORDS;
    let m = mask;
    for (let k = 0; k < q.sigCount; k++) if (signatures[base + q.sigWord[k]] & q.sigBit[k]) m |= q.sigQuery[k];
    if ((q.low[m & 255] + q.high[m >>> 8]) / norm < min) return;
    const d = this.denominators[g];
    const weights = q.weights;
    let s = 0;
    for (let j = 0; j < q.n; j++) if (m & (1 << j)) s += weights[j] / d;
    this.scores[g] = s;
    q.scored.push(g);
    q.top.offer(s, this.memberCounts[g]);
  }

  /** The `limit` best snippets of the touched groups by score, then lower index: the order a full sort gives. */
  private topK(groups: readonly number[], limit: number): number[] {
    const scores = this.scores;
    const groupOf = this.groupOf;
    const score = (i: number) => scores[groupOf[i]];
    // Worst kept on top: lower score, or equal score and higher index.
    const worse = (a: number, b: number) => score(a) < score(b) || (score(a) === score(b) && a > b);
    const heap: number[] = [];
    for (const g of groups) {
      const members = this.groupMembers[g];
      for (let n = 0; n < members.length && n < limit; n++) {
        const i = members[n];
        if (heap.length < limit) {
          heap.push(i);
          for (let c = heap.length - 1; c > 0; ) {
            const p = (c - 1) >> 1;
            if (!worse(heap[c], heap[p])) break;
            [heap[p], heap[c]] = [heap[c], heap[p]];
            c = p;
          }
        } else if (worse(heap[0], i)) {
          heap[0] = i;
          siftDown(heap, worse);
        } else break; // later members of this group are worse still (higher index)
      }
    }
    return heap.sort((x, y) => score(y) - score(x) || x - y);
  }

  /** Stems of a span, with its procedures. */
  spanStems(indices: readonly number[]): { all: Set<string>; plain: Set<string> } {
    const all = new Set<string>();
    const plain = new Set<string>();
    for (const i of indices) {
      for (const s of this.analyses[i].stems) all.add(s);
      for (const s of this.analyses[i].plainStems) plain.add(s);
      for (const p of this.snippetProcedures[i]) all.add(`proc:${p}`);
    }
    return { all, plain };
  }

  /**
   * `score(query, [i]).coverage` for each of `indices`, the same values bit for
   * bit: which query stems a sentence holds is read from its group's signature
   * (common stems) or from the marks the rarer stems' postings leave.
   */
  coverages(query: Analysis, indices: readonly number[]): Float64Array {
    const out = new Float64Array(indices.length);
    const stems = [...query.stems];
    const weights = stems.map((s) => this.idf(s));
    let total = 0;
    for (const w of weights) total += w;
    if (!total) return out;
    // Per stem: where to find it (signature word and bit, or mark bit); -1: no source holds it.
    const word = new Int32Array(stems.length).fill(-1);
    const bit = new Int32Array(stems.length);
    const marked: number[] = [];
    for (let k = 0; k < stems.length; k++) {
      const id = this.termIds.get(stems[k]);
      if (id === undefined) continue;
      const f = this.signatureOf[id];
      if (f >= 0) {
        word[k] = f >> 5;
        bit[k] = 1 << (f & 31);
      } else if (marked.length < 31) {
        word[k] = SIGNATURE_WORDS; // the mark
        bit[k] = 1 << marked.length;
        marked.push(k);
      } else {
        // Too many rare stems to mark: score each the plain way.
        indices.forEach((i, n) => (out[n] = this.score(query, [i]).coverage));
        return out;
      }
    }
    const masks = this.masks;
    const touched: number[] = [];
    for (const k of marked) {
      for (const g of this.groupPostings.get(stems[k]) ?? EMPTY) {
        if (masks[g] === 0) touched.push(g);
        masks[g] |= bit[k];
      }
    }
    const signatures = this.signatures;
    for (let n = 0; n < indices.length; n++) {
      const i = indices[n];
      const g = this.groupOf[i];
      const base = g * SIGNATURE_WORDS;
      const mask = masks[g];
      let hit = 0;
      for (let k = 0; k < stems.length; k++) {
        const w = word[k];
        if (w < 0 || !((w === SIGNATURE_WORDS ? mask : signatures[base + w]) & bit[k])) continue;
        const s = stems[k];
        hit += !s.startsWith('proc:') || this.aboutTerms[i].has(s) ? weights[k] : weights[k] / 2;
      }
      out[n] = hit / total;
    }
    for (const g of touched) masks[g] = 0;
    return out;
  }

  /** A query's stems in order with their weights and kinds, looked up once per query. */
  private queryStems(query: Analysis): QueryStems {
    let info = this.queryStemCache.get(query);
    if (!info) {
      const stems = [...query.stems];
      info = {
        stems,
        weights: stems.map((s) => this.idf(s)),
        proc: stems.map((s) => s.startsWith('proc:')),
        gain: stems.map((s) => !(/^\d/.test(s) || UNIT_STEMS.has(s))),
      };
      this.queryStemCache.set(query, info);
    }
    return info;
  }

  /** Scores how well a span covers a writer's sentence. */
  score(query: Analysis, indices: number[]): Span {
    const { stems, weights, proc } = this.queryStems(query);
    let total = 0;
    let hit = 0;
    let plainTotal = 0;
    let plainHit = 0;
    let matched = 0;
    for (let k = 0; k < stems.length; k++) {
      const s = stems[k];
      const w = weights[k];
      total += w;
      let all = false;
      for (const i of indices) if (this.terms[i].has(s)) all = true;
      if (all) {
        let about = !proc[k];
        if (!about) for (const i of indices) if (this.aboutTerms[i].has(s)) about = true;
        hit += about ? w : w / 2;
        matched++;
      }
      if (!proc[k]) {
        plainTotal += w;
        let plain = false;
        for (const i of indices) if (this.analyses[i].plainStems.has(s)) plain = true;
        if (plain) plainHit += w;
      }
    }
    // Precision: how much of the source the sentence accounts for (breaks ties towards the closer source).
    let sourceTotal = 0;
    let sourceHit = 0;
    for (const i of indices) {
      sourceTotal += this.weights[i];
      const own = this.analyses[i].stems;
      for (let k = 0; k < stems.length; k++) if (own.has(stems[k])) sourceHit += weights[k];
    }
    return {
      indices,
      coverage: total ? hit / total : 0,
      plainCoverage: plainTotal ? plainHit / plainTotal : 0,
      precision: sourceTotal ? sourceHit / sourceTotal : 0,
      matched,
      gain: 0,
    };
  }

  /** Adjacent sentence of the same document, if any. */
  neighbour(i: number, step: 1 | -1): number | undefined {
    const j = i + step;
    if (j < 0 || j >= this.size) return undefined;
    return this.snippet(j).source.file === this.snippet(i).source.file ? j : undefined;
  }

  /** Candidate spans: each candidate alone and merged with its neighbours (a writer may merge two sentences). */
  spans(query: Analysis): Span[] {
    const out: Span[] = [];
    const seen = new Set<string>();
    this.candidates(query).forEach((i, rank) => {
      const options: number[][] = [[i]];
      const prev = rank < MAX_MERGED ? this.neighbour(i, -1) : undefined;
      const next = rank < MAX_MERGED ? this.neighbour(i, 1) : undefined;
      if (prev !== undefined) options.push([prev, i]);
      if (next !== undefined) options.push([i, next]);
      for (const indices of options) {
        const key = indices.join(',');
        if (seen.has(key)) continue;
        seen.add(key);
        const span = this.score(query, indices);
        if (indices.length > 1) {
          // Only real words count as gained (a number or unit alone must not pull in a neighbour).
          const { stems, gain } = this.queryStems(query);
          let union = 0;
          const each = indices.map(() => 0);
          for (let k = 0; k < stems.length; k++) {
            if (!gain[k]) continue;
            let any = false;
            for (let n = 0; n < indices.length; n++) {
              if (this.terms[indices[n]].has(stems[k])) {
                each[n]++;
                any = true;
              }
            }
            if (any) union++;
          }
          span.gain = union - Math.max(...each);
        }
        out.push(span);
      }
    });
    return out;
  }
}
