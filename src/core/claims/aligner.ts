import { Corpus } from '../corpus';
import { Snippet } from '../snippet';
import { Tagger } from '../taxonomy';
import { Analysis, affirmedHarms, analyse, polarWords } from './analysis';
import { RISK_STEMS } from './lexicon';

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
const EMPTY_IDS = new Int32Array(0);
/** Seeding retrieval: at most this many of the heaviest query terms, with this many postings together. */
const SEED_TERMS = 3;
const SEED_POSTINGS = 6000;
/** Seeding retrieval: at most this many groups per candidate sought (the blocks read after them find the rest cheaply). */
const SEEDS_PER_CANDIDATE = 3;
/**
 * Groups per block: retrieval bounds a block of neighbouring groups (one
 * length, similar terms: see `clusterOrder`) by the query terms any of them
 * holds, and reads a block's groups only when that bound can reach the k-th
 * score. Smaller blocks bound tighter but cost more bits per term.
 */
const BLOCK = 8;

/**
 * The most the query terms of mask `m` give a group holding at most `length`
 * terms: the `length` heaviest of them (all of them when that many or fewer).
 * `low`/`high`: summed weights per low/high byte of a mask; `byWeight`: the
 * query terms lightest first.
 */
export function heaviestOf(m: number, length: number, n: number, byWeight: Int32Array, weights: Float64Array, low: Float64Array, high: Float64Array): number {
  let bits = m - ((m >>> 1) & 0x5555);
  bits = (bits & 0x3333) + ((bits >>> 2) & 0x3333);
  bits = (bits + (bits >>> 4)) & 0x0f0f;
  if (((bits + (bits >>> 8)) & 0x1f) <= length) return low[m & 255] + high[m >>> 8];
  let sum = 0;
  for (let e = n - 1, taken = 0; e >= 0 && taken < length; e--) {
    if (m & (1 << byWeight[e])) {
      sum += weights[byWeight[e]];
      taken++;
    }
  }
  return sum;
}

/** The first place at or after `from` in the ascending `list` whose value is at least `v` (list.length if none). */
function gallop(list: Int32Array, from: number, v: number): number {
  if (from >= list.length || list[from] >= v) return from;
  let lo = from;
  let step = 1;
  let hi = from + 1;
  while (hi < list.length && list[hi] < v) {
    lo = hi;
    step *= 2;
    hi = from + step;
  }
  if (hi > list.length) hi = list.length;
  // list[lo] < v; list[hi] >= v or hi === list.length
  while (lo + 1 < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < v) lo = mid;
    else hi = mid;
  }
  return hi;
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
  /** Term ids (-1: no source holds it). */
  ids: Int32Array;
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

/** Version of `SourceIndexData`: a stored index of another version is rebuilt (4: groups of one length in `clusterOrder`; 5: harm sources). */
export const SOURCE_INDEX_FORMAT = 5;
/** A harm's sources are sought among the first this many snippets containing its stem (bounds the work on huge corpora). */
export const HARM_WINDOW = 5000;

/**
 * What a SourceIndex is built from, without the sentences' analyses: plain
 * arrays, so a cache can store it and skip analysing the corpus on load. It
 * depends on the corpus snippets (texts, procedures, order), the taxonomy
 * and this module's analysis: store it keyed by all three.
 */
export interface SourceIndexData {
  format: number;
  /** Snippets indexed (must equal the corpus's). */
  snippets: number;
  /** Terms (canonical stems and 'proc:<id>'), by id. */
  terms: string[];
  /** Per snippet: its group (snippets with the same text and procedures). */
  groupOf: Int32Array;
  /** Per group g: its term ids at termList[termStarts[g] .. termStarts[g + 1]), its text's stems first, in order. */
  termStarts: Int32Array;
  termList: Int32Array;
  /** Per group: how many of its terms are its text's stems (the rest: procedures it is about but does not name). */
  textTerms: Int32Array;
  /** Per group g: the procedures it is about, as ids of their 'proc:' terms, at procList[procStarts[g] .. procStarts[g + 1]). */
  procStarts: Int32Array;
  procList: Int32Array;
  /**
   * Harms (RISK_STEMS) some group names without negating them (`affirmedHarms`
   * of its analysis), by id; per harm h, the groups naming it so, ascending, at
   * harmGroups[harmStarts[h] .. harmStarts[h + 1]).
   */
  harms: string[];
  harmStarts: Int32Array;
  harmGroups: Int32Array;
  /**
   * Per harm h, its sources: among the first HARM_WINDOW snippets whose terms
   * hold its stem, those naming it so, one per group (its first), ascending, at
   * harmSourceList[harmSourceStarts[h] .. harmSourceStarts[h + 1]).
   */
  harmSourceStarts: Int32Array;
  harmSourceList: Int32Array;
  /**
   * The first snippet of each distinct text, plus one, in an open-addressing
   * table by `textKey` (linear probing; 0: empty; a power of two long, at
   * least twice the texts): finds a writer's sentence quoted verbatim.
   */
  textTable: Int32Array;
}

/**
 * BM25 over source sentences by canonical stems (synonyms, US spelling,
 * procedure ids), built once per corpus (or loaded from `SourceIndexData`).
 * Snippets with the same text and procedures form a group: same terms,
 * length and score; retrieval scores groups, then lists their members.
 * Sentences are analysed only when a comparison needs them.
 */
export class SourceIndex {
  readonly size: number;
  /** The data as given or built (`toData` hands it back); `data`: the same arrays in an object of one shape. */
  private readonly stored: SourceIndexData;
  private readonly data: SourceIndexData;
  private readonly termIds = new Map<string, number>();
  private readonly groups: number;
  /** Per term id: snippets holding it. */
  private readonly dfs: Int32Array;
  /** Per term id: its idf; `idfMissing`: the idf of a term no snippet holds. */
  private readonly idfs: Float64Array;
  private readonly idfMissing: number;
  /** Per group: its snippets, at memberList[memberStarts[g] .. memberStarts[g + 1]), ascending. */
  private readonly memberStarts: Int32Array;
  private readonly memberList: Int32Array;
  /** Per group: the BM25 length normalisation, 1 + k1 * (1 - b + b * length / avgLength). */
  private readonly denominators: Float64Array;
  /**
   * Groups of one length (terms) form a band: one normalisation. Per band: its
   * length and normalisation; per term id, bandStarts[id * (bands + 1) + b]:
   * where band b starts in its list.
   */
  private readonly bandLengths: Int32Array;
  private readonly bandDenominators: Float64Array;
  private readonly bandStarts: Int32Array;
  /** Per term id: its groups by band, then id. */
  private readonly postings: Int32Array[] = [];
  /** Per term: the snippets containing it, ascending (built on first use). */
  private readonly snippetPostings = new Map<string, number[]>();
  /** Per group: its analysis, procedures and summed idf of its text's stems (each made on first use). */
  private readonly groupAnalyses: Array<Analysis | undefined>;
  private readonly groupProcedures: Array<string[] | undefined>;
  private readonly groupWeights: Float64Array;
  /** Analyses by text, shared between groups of one text; the first snippet of each text (made on first use). */
  private readonly textAnalyses = new Map<string, Analysis>();
  /**
   * Each band's groups in blocks of BLOCK (a block never spans two bands):
   * per block, its first group (blockFirst[blocks]: the group count); per
   * band, its first block (bandBlocks[bands]: the block count); per group, its block.
   */
  private readonly blockFirst: Int32Array;
  private readonly bandBlocks: Int32Array;
  private readonly groupBlock: Int32Array;
  /**
   * Per term id, whether each block holds it: a bitmap of 32 blocks per word at
   * blockBits[bitsAt[id] ..], for a term in at least one group per 32 blocks
   * (its bitmap is then no larger than its list); a rarer term has none
   * (bitsAt -1): a query walks its short list instead.
   */
  private readonly bitsAt: Int32Array;
  private readonly blockBits: Int32Array;
  private readonly scores: Float64Array;
  /** Scratch: per block, the query bits of the rare query terms its groups hold; per bitmap word, blocks holding a rare essential term. */
  private readonly rareMasks: Int32Array;
  private readonly rareWords: Int32Array;
  /** Scratch: per group, whether the running query has offered it; per term id, its query bit. */
  private readonly offered: Uint8Array;
  private readonly termBits: Int32Array;
  /** Scratch: per term id, 1 + its place among a query's stems while `heldStems` runs, else 0. */
  private readonly slots: Int32Array;
  private readonly query = {
    /** Per query term (j): its weight and term id; the terms lightest first; heaviest[c]: the c heaviest together. */
    weights: new Float64Array(MAX_QUERY_TERMS),
    ids: new Int32Array(MAX_QUERY_TERMS),
    byWeight: new Int32Array(MAX_QUERY_TERMS),
    heaviest: new Float64Array(MAX_QUERY_TERMS + 1),
    /** Per query term: bitsAt of its term id. */
    bitsAt: new Int32Array(MAX_QUERY_TERMS),
    /** Per band: the most a group of it can score; the bands, most first. */
    most: new Float64Array(0),
    bandOrder: new Int32Array(0),
    /** The query's stems by idf. */
    byIdf: new Int32Array(64),
    low: new Float64Array(256),
    high: new Float64Array(256),
    scored: [] as number[],
    /** `topK`'s scores of the snippets it keeps. */
    kept: new Float64Array(MAX_CANDIDATES),
    top: new TopScores(),
  };
  private readonly queryStemCache = new WeakMap<Analysis, QueryStems>();
  private readonly holders = new WeakMap<readonly number[], { starts: Int32Array; places: Int32Array }>();
  /** Per snippet i: 1 when snippet i + 1 is from the same file, 2 when not, 0 not yet compared. */
  private readonly sameFile: Uint8Array;
  /** Per harm: its id in `data.harms`. */
  private readonly harmIds = new Map<string, number>();

  /** Builds the index by analysing the corpus, or from `data` (see `toData`), which must match the corpus. */
  constructor(readonly corpus: Corpus, readonly tagger: Tagger, data?: SourceIndexData) {
    const snippets = corpus.snippets;
    this.size = snippets.length;
    let built: Array<Analysis | undefined> | undefined;
    if (data) checkData(data, snippets.length);
    else [data, built] = this.build();
    this.stored = data;
    this.data = data = sameShape(data);
    const { terms, groupOf, termStarts, termList } = data;
    const groups = (this.groups = termStarts.length - 1);
    terms.forEach((t, id) => this.termIds.set(t, id));
    data.harms.forEach((h, id) => this.harmIds.set(h, id));
    this.groupAnalyses = built ?? new Array<Analysis | undefined>(groups);
    this.groupProcedures = new Array<string[] | undefined>(groups);
    this.groupWeights = new Float64Array(groups).fill(NaN);
    this.memberStarts = new Int32Array(groups + 1);
    for (let i = 0; i < groupOf.length; i++) this.memberStarts[groupOf[i] + 1]++;
    for (let g = 0; g < groups; g++) this.memberStarts[g + 1] += this.memberStarts[g];
    this.memberList = new Int32Array(groupOf.length);
    const fill = this.memberStarts.slice(0, groups);
    for (let i = 0; i < groupOf.length; i++) this.memberList[fill[groupOf[i]]++] = i;
    let total = 0;
    for (let i = 0; i < groupOf.length; i++) total += termStarts[groupOf[i] + 1] - termStarts[groupOf[i]];
    const avgLength = snippets.length ? total / snippets.length : 1;
    const denominatorOf = (length: number) => 1 + BM25_K1 * (1 - BM25_B + (BM25_B * length) / avgLength);
    const lengthOf = (g: number) => termStarts[g + 1] - termStarts[g];
    this.denominators = new Float64Array(groups);
    for (let g = 0; g < groups; g++) this.denominators[g] = denominatorOf(lengthOf(g));
    this.dfs = new Int32Array(terms.length);
    for (let g = 0; g < groups; g++) {
      const copies = this.memberStarts[g + 1] - this.memberStarts[g];
      for (let y = termStarts[g]; y < termStarts[g + 1]; y++) this.dfs[termList[y]] += copies;
    }
    const idfOf = (df: number) => Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
    this.idfs = Float64Array.from(this.dfs, idfOf);
    this.idfMissing = idfOf(0);
    // Bands, and each term's groups by band, then id.
    const lengths = [...new Set(Array.from({ length: groups }, (_, g) => lengthOf(g)))].sort((x, y) => x - y);
    const bands = lengths.length;
    this.bandLengths = Int32Array.from(lengths);
    this.query.most = new Float64Array(bands);
    this.query.bandOrder = new Int32Array(bands);
    this.bandDenominators = Float64Array.from(lengths, denominatorOf);
    const bandOf = new Map(lengths.map((length, b) => [length, b]));
    const stride = bands + 1;
    const bandStarts = (this.bandStarts = new Int32Array(terms.length * stride));
    const groupBand = Int32Array.from({ length: groups }, (_, g) => bandOf.get(lengthOf(g))!);
    for (let g = 0; g < groups; g++) for (let y = termStarts[g]; y < termStarts[g + 1]; y++) bandStarts[termList[y] * stride + groupBand[g] + 1]++;
    for (let id = 0; id < terms.length; id++) {
      for (let b = 1; b <= bands; b++) bandStarts[id * stride + b] += bandStarts[id * stride + b - 1];
      this.postings.push(new Int32Array(bandStarts[id * stride + bands]));
    }
    const next = bandStarts.slice();
    for (let g = 0; g < groups; g++) {
      for (let y = termStarts[g]; y < termStarts[g + 1]; y++) {
        const id = termList[y];
        this.postings[id][next[id * stride + groupBand[g]]++] = g;
      }
    }
    // Blocks: each band's groups, BLOCK at a time.
    const bandBlocks = (this.bandBlocks = new Int32Array(bands + 1));
    const blockFirst: number[] = [];
    this.groupBlock = new Int32Array(groups);
    for (let g = 0, b = -1; g < groups; g++) {
      const newBand = b < 0 || groupBand[g] !== b;
      if (newBand) {
        b = groupBand[g];
        bandBlocks[b] = blockFirst.length;
      }
      if (newBand || g - blockFirst[blockFirst.length - 1] === BLOCK) blockFirst.push(g);
      this.groupBlock[g] = blockFirst.length - 1;
    }
    const blocks = blockFirst.length;
    bandBlocks[bands] = blocks;
    blockFirst.push(groups);
    this.blockFirst = Int32Array.from(blockFirst);
    const words = (blocks + 31) >>> 5;
    this.bitsAt = new Int32Array(terms.length).fill(-1);
    let bitWords = 0;
    for (let id = 0; id < terms.length; id++) {
      if (this.postings[id].length * 32 < blocks) continue;
      this.bitsAt[id] = bitWords;
      bitWords += words;
    }
    this.blockBits = new Int32Array(bitWords);
    for (let id = 0; id < terms.length; id++) {
      const at = this.bitsAt[id];
      if (at < 0) continue;
      for (const g of this.postings[id]) {
        const k = this.groupBlock[g];
        this.blockBits[at + (k >>> 5)] |= 1 << (k & 31);
      }
    }
    this.rareMasks = new Int32Array(blocks);
    this.rareWords = new Int32Array(words);
    this.sameFile = new Uint8Array(this.size);
    this.scores = new Float64Array(groups);
    this.offered = new Uint8Array(groups);
    this.termBits = new Int32Array(terms.length);
    this.slots = new Int32Array(terms.length);
  }

  /** The index from stored data (see `toData`); throws if the data does not fit the corpus. */
  static fromData(corpus: Corpus, tagger: Tagger, data: SourceIndexData): SourceIndex {
    return new SourceIndex(corpus, tagger, data);
  }

  /** The index as plain arrays, to store and pass to `fromData` (shares its arrays: do not modify them). */
  toData(): SourceIndexData {
    return this.stored;
  }

  /** Analyses every distinct text once; groups numbered in `clusterOrder` (retrieval reads one length at a time, a block of similar groups at a time). */
  private build(): [SourceIndexData, Array<Analysis | undefined>] {
    const snippets = this.corpus.snippets;
    const terms: string[] = [];
    const ids = new Map<string, number>();
    const idOf = (term: string) => {
      let id = ids.get(term);
      if (id === undefined) {
        ids.set(term, (id = terms.length));
        terms.push(term);
      }
      return id;
    };
    type Group = { a: Analysis; terms: number[]; procs: number[] };
    const made: Group[] = [];
    const byText = new Map<string, { a: Analysis; own: string[]; first: number; single?: number; byContext?: Map<string, number> }>();
    const newGroup = (procedures: string[], a: Analysis): number => {
      const list: number[] = [];
      for (const s of a.stems) list.push(idOf(s));
      const procs = procedures.map((p) => idOf(`proc:${p}`));
      for (const p of procs) if (!list.includes(p)) list.push(p);
      made.push({ a, terms: list, procs });
      return made.length - 1;
    };
    const groupOf = new Int32Array(snippets.length);
    for (let i = 0; i < snippets.length; i++) {
      const snippet = snippets[i];
      let entry = byText.get(snippet.text);
      if (!entry) {
        // Corpora repeat sentences (boilerplate, shared paragraphs): each text is analysed once.
        const a = analyse(snippet.text, this.tagger);
        entry = { a, own: a.procedures.filter((p) => p.subject).map((p) => p.procedure), first: i };
        byText.set(snippet.text, entry);
        this.textAnalyses.set(snippet.text, a);
      }
      // Its own subjects when it names any, else what the corpus gave it (context for "this procedure").
      if (entry.own.length) groupOf[i] = entry.single ??= newGroup([...new Set(entry.own)], entry.a);
      else {
        const key = snippet.procedures.join('\u0000');
        entry.byContext ??= new Map();
        let g = entry.byContext.get(key);
        if (g === undefined) entry.byContext.set(key, (g = newGroup([...new Set(snippet.procedures)], entry.a)));
        groupOf[i] = g;
      }
    }
    const order = clusterOrder(
      made.map((m) => m.terms),
      groupOf,
      terms.length,
    );
    const renumber = new Int32Array(made.length);
    order.forEach((g, to) => (renumber[g] = to));
    for (let i = 0; i < groupOf.length; i++) groupOf[i] = renumber[groupOf[i]];
    const termStarts = new Int32Array(made.length + 1);
    const procStarts = new Int32Array(made.length + 1);
    const textTerms = new Int32Array(made.length);
    order.forEach((g, to) => {
      termStarts[to + 1] = termStarts[to] + made[g].terms.length;
      procStarts[to + 1] = procStarts[to] + made[g].procs.length;
      textTerms[to] = made[g].a.stems.size;
    });
    const termList = new Int32Array(termStarts[made.length]);
    const procList = new Int32Array(procStarts[made.length]);
    order.forEach((g, to) => {
      termList.set(made[g].terms, termStarts[to]);
      procList.set(made[g].procs, procStarts[to]);
    });
    // Affirmed harms: per text, then each of its groups (in the new order, so each harm's list ascends).
    const harms: string[] = [];
    const harmIds = new Map<string, number>();
    const harmLists: number[][] = [];
    const affirmed = new Map<Analysis, number[]>();
    order.forEach((g, to) => {
      const a = made[g].a;
      let ids = affirmed.get(a);
      if (!ids) {
        ids = [];
        for (const h of affirmedHarms(a)) {
          let id = harmIds.get(h);
          if (id === undefined) {
            harmIds.set(h, (id = harms.length));
            harms.push(h);
            harmLists.push([]);
          }
          ids.push(id);
        }
        affirmed.set(a, ids);
      }
      for (const id of ids) harmLists[id].push(to);
    });
    const harmStarts = new Int32Array(harms.length + 1);
    harmLists.forEach((list, id) => (harmStarts[id + 1] = harmStarts[id] + list.length));
    const harmGroups = new Int32Array(harmStarts[harms.length]);
    harmLists.forEach((list, id) => harmGroups.set(list, harmStarts[id]));
    const [harmSourceStarts, harmSourceList] = harmSourcesOf(
      groupOf,
      order.map((g) => made[g].terms),
      terms.length,
      harms.map((h) => ids.get(h) ?? -1),
      order.map((g) => affirmed.get(made[g].a)!),
    );
    // Verbatim-text lookup: each distinct text's first snippet.
    let size = 16;
    while (size < byText.size * 2) size *= 2;
    const textTable = new Int32Array(size);
    for (const [text, entry] of byText) {
      let at = textKey(text) & (size - 1);
      while (textTable[at] !== 0) at = (at + 1) & (size - 1);
      textTable[at] = entry.first + 1;
    }
    const data: SourceIndexData = {
      format: SOURCE_INDEX_FORMAT,
      snippets: snippets.length,
      terms,
      groupOf,
      termStarts,
      termList,
      textTerms,
      procStarts,
      procList,
      harms,
      harmStarts,
      harmGroups,
      harmSourceStarts,
      harmSourceList,
      textTable,
    };
    return [data, order.map((g) => made[g].a)];
  }

  /** A snippet's analysis (shared by its copies: read-only). */
  analysis(i: number): Analysis {
    const g = this.data.groupOf[i];
    let a = this.groupAnalyses[g];
    if (!a) {
      const text = this.corpus.snippets[i].text;
      a = this.textAnalyses.get(text);
      if (!a) this.textAnalyses.set(text, (a = analyse(text, this.tagger)));
      this.groupAnalyses[g] = a;
    }
    return a;
  }

  /**
   * Whether a snippet names the harm `stem` (in RISK_STEMS) without negating
   * it: `polarWords(analysis(i))` holds it not negated. Read from the index
   * (no analysis); other stems are read from the analysis.
   */
  affirmsHarm(i: number, stem: string): boolean {
    if (!RISK_STEMS.has(stem)) return polarWords(this.analysis(i)).some((q) => q.stem === stem && !q.negated);
    const h = this.harmIds.get(stem);
    if (h === undefined) return false;
    const g = this.data.groupOf[i];
    const list = this.data.harmGroups;
    let lo = this.data.harmStarts[h];
    let hi = this.data.harmStarts[h + 1];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid] < g) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.data.harmStarts[h + 1] && list[lo] === g;
  }

  /**
   * The sources of the harm `stem` (in RISK_STEMS): among the first
   * HARM_WINDOW snippets containing the stem, those that name it without
   * negating it, one per group of copies (its first), ascending. Stored with
   * the index: no first check lists them. Read-only.
   */
  harmSources(stem: string): Int32Array {
    const h = this.harmIds.get(stem);
    if (h === undefined) return EMPTY_IDS;
    const starts = this.data.harmSourceStarts;
    return this.data.harmSourceList.subarray(starts[h], starts[h + 1]);
  }

  /** How many procedures a snippet is about (see `procedures`). */
  procedureCount(i: number): number {
    const g = this.data.groupOf[i];
    return this.data.procStarts[g + 1] - this.data.procStarts[g];
  }

  /** The id of the 'proc:' term of the n-th procedure a snippet is about (no array made: callers loop over many snippets). */
  procedureTerm(i: number, n: number): number {
    return this.data.procList[this.data.procStarts[this.data.groupOf[i]] + n];
  }

  /** The procedure a 'proc:' term id names. */
  procedureOfTerm(id: number): string {
    return this.data.terms[id].slice('proc:'.length);
  }

  /** `analysis(i).stems.size`, read from the index (no analysis). */
  stemCount(i: number): number {
    return this.data.textTerms[this.data.groupOf[i]];
  }

  /** How many distinct procedures a snippet's text names (its 'proc:' stems), read from the index (no analysis). */
  namedProcedureCount(i: number): number {
    const { termStarts, termList, textTerms, terms } = this.data;
    const g = this.data.groupOf[i];
    let count = 0;
    for (let y = termStarts[g], end = termStarts[g] + textTerms[g]; y < end; y++) if (terms[termList[y]].startsWith('proc:')) count++;
    return count;
  }

  /** The first snippet whose text is `text` (a writer's sentence quoted verbatim), else -1; texts are compared in full on a hit. */
  quoted(text: string): number {
    const snippets = this.corpus.snippets;
    const table = this.data.textTable;
    const mask = table.length - 1;
    for (let at = textKey(text) & mask; ; at = (at + 1) & mask) {
      const held = table[at];
      if (held === 0) return -1;
      if (snippets[held - 1].text === text) return held - 1;
    }
  }

  /** Procedures a snippet is about (its own subject mentions, else its context from the corpus). */
  procedures(i: number): string[] {
    const g = this.data.groupOf[i];
    let list = this.groupProcedures[g];
    if (!list) {
      const { procStarts, procList, terms } = this.data;
      list = [];
      for (let y = procStarts[g]; y < procStarts[g + 1]; y++) list.push(terms[procList[y]].slice('proc:'.length));
      this.groupProcedures[g] = list;
    }
    return list;
  }

  idf(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? this.idfMissing : this.idfs[id];
  }

  /** An identity shared by snippets with the same text and procedures: their analysis, terms, procedures and scores against any sentence are equal. */
  group(i: number): number {
    return this.data.groupOf[i];
  }

  /** How many snippets contain a term. */
  private df(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : this.dfs[id];
  }

  /** Snippet indices containing a term, ascending. */
  containing(term: string): readonly number[] {
    let list = this.snippetPostings.get(term);
    if (!list) {
      const id = this.termIds.get(term);
      if (id === undefined) return EMPTY;
      const all = new Int32Array(this.dfs[id]);
      let n = 0;
      for (const g of this.postings[id]) for (let y = this.memberStarts[g]; y < this.memberStarts[g + 1]; y++) all[n++] = this.memberList[y];
      all.sort();
      list = Array.from(all);
      this.snippetPostings.set(term, list);
    }
    return list;
  }

  snippet(i: number): Snippet {
    return this.corpus.snippets[i];
  }

  /**
   * Top source sentences for a writer's sentence by BM25 (ties: earlier
   * snippet first). Groups are read band by band (a band: the groups of one
   * length, one normalisation), the bands that could score most first; a band
   * is skipped when its length's worth of the heaviest query terms cannot reach
   * the current k-th score. In a band, MaxScore: the lightest terms that even
   * together cannot reach it are "non-essential", and only blocks (BLOCK
   * neighbouring groups, see `clusterOrder`) holding an essential term are
   * looked at; a block is read only when the query terms its groups hold can
   * reach the k-th score, and a group in it is scored only when its own terms
   * can. Exact: the same sentences, scores (summed in the same term order, bit
   * for bit) and order as scoring every posting.
   */
  candidates(query: Analysis, limit = MAX_CANDIDATES): number[] {
    const info = this.queryStems(query);
    const q = this.query;
    const { low, high, weights, ids, byWeight, heaviest, top, scored } = q;
    // The query's stems by idf, highest first (ties: by name); the first MAX_QUERY_TERMS, less those no
    // group or too many groups hold.
    const stemCount = info.stems.length;
    if (q.byIdf.length < stemCount) q.byIdf = new Int32Array(stemCount * 2);
    const byIdf = q.byIdf;
    for (let k = 0; k < stemCount; k++) {
      const idf = info.weights[k];
      const t = info.stems[k];
      let p = k;
      for (; p > 0; p--) {
        const o = byIdf[p - 1];
        const oi = info.weights[o];
        if (oi > idf || (oi === idf && info.stems[o] < t)) break;
        byIdf[p] = o;
      }
      byIdf[p] = k;
    }
    let n = 0;
    for (let r = 0; r < stemCount && r < MAX_QUERY_TERMS; r++) {
      const k = byIdf[r];
      const id = info.ids[k];
      const df = id >= 0 ? this.dfs[id] : 0;
      if (df > 0 && df <= MAX_POSTINGS) {
        ids[n] = id;
        weights[n++] = info.weights[k] * (BM25_K1 + 1);
      }
    }
    if (n === 0 || limit <= 0) return [];
    top.reset(limit);
    scored.length = 0;
    // Summed weights of the query terms of a mask (its low and high byte).
    for (let m = 1; m < 256; m++) {
      const b = 31 - Math.clz32(m & -m);
      low[m] = low[m & (m - 1)] + (b < n ? weights[b] : 0);
      high[m] = high[m & (m - 1)] + (b + 8 < n ? weights[b + 8] : 0);
    }
    // Query terms lightest first (ties: in query order); heaviest[c]: the c heaviest together.
    for (let j = 0; j < n; j++) {
      let p = j;
      for (; p > 0 && weights[byWeight[p - 1]] > weights[j]; p--) byWeight[p] = byWeight[p - 1];
      byWeight[p] = j;
    }
    heaviest[0] = 0;
    for (let c = 1; c <= n; c++) heaviest[c] = heaviest[c - 1] + weights[byWeight[n - c]];
    const { bandLengths, bandDenominators, bandStarts, postings, offered, termBits, denominators, blockFirst, bandBlocks, groupBlock, blockBits, rareMasks, rareWords } = this;
    const { termStarts, termList } = this.data;
    const bands = bandLengths.length;
    const stride = bands + 1;
    const { most, bandOrder } = q;
    for (let b = 0; b < bands; b++) {
      const v = (most[b] = heaviest[Math.min(bandLengths[b], n)] / bandDenominators[b]);
      let p = b;
      for (; p > 0 && most[bandOrder[p - 1]] < v; p--) bandOrder[p] = bandOrder[p - 1];
      bandOrder[p] = b;
    }
    for (let j = 0; j < n; j++) termBits[ids[j]] = 1 << j;
    // Rare query terms (no bitmap): the blocks holding each, from its short list.
    const at = q.bitsAt;
    for (let j = 0; j < n; j++) {
      at[j] = this.bitsAt[ids[j]];
      if (at[j] >= 0) continue;
      const list = postings[ids[j]];
      for (let x = 0; x < list.length; x++) rareMasks[groupBlock[list[x]]] |= 1 << j;
    }
    const seeds = this.seed(n, limit);
    for (let o = 0; o < bands; o++) {
      const b = bandOrder[o];
      if (most[b] < top.threshold()) break; // the later bands can score less still
      const length = bandLengths[b];
      const d = bandDenominators[b];
      // Non-essential: the lightest terms, while `length` of them (the most a group here can hold)
      // together cannot reach the k-th score (`rest`: those `length` together). A group that can
      // reach it holds an essential term.
      const min = top.threshold() * d;
      let rest = 0;
      let essential = 0;
      for (; essential < n; essential++) {
        const next = rest + weights[byWeight[essential]] - (essential >= length ? weights[byWeight[essential - length]] : 0);
        if (next >= min) break;
        rest = next;
      }
      if (essential === n) continue;
      // The band's blocks holding an essential term, 32 at a time: the rare terms' blocks marked
      // from their lists, the others' read from their bitmaps.
      const k0 = bandBlocks[b];
      const k1 = bandBlocks[b + 1];
      const w0 = k0 >>> 5;
      const w1 = (k1 - 1) >>> 5;
      for (let e = essential; e < n; e++) {
        const j = byWeight[e];
        if (at[j] >= 0) continue;
        const list = postings[ids[j]];
        for (let x = bandStarts[ids[j] * stride + b], end = bandStarts[ids[j] * stride + b + 1]; x < end; x++) {
          const k = groupBlock[list[x]];
          rareWords[k >>> 5] |= 1 << (k & 31);
        }
      }
      for (let w = w0; w <= w1; w++) {
        let word = rareWords[w];
        rareWords[w] = 0;
        for (let e = essential; e < n; e++) {
          const a = at[byWeight[e]];
          if (a >= 0) word |= blockBits[a + w];
        }
        if (w === w0) word &= -1 << (k0 & 31);
        if (w === w1 && (k1 & 31) !== 0) word &= (1 << (k1 & 31)) - 1;
        while (word !== 0) {
          const k = (w << 5) + 31 - Math.clz32(word & -word);
          word &= word - 1;
          // The query terms some group of the block holds: no group here can score more than the
          // heaviest `length` of them.
          if (length >= n) {
            // Every term held counts: from all of them, take off the ones no group holds, heaviest
            // first, until the rest cannot reach the k-th score (most blocks stop after a few).
            const min = top.threshold();
            let bound = heaviest[n];
            let e = n - 1;
            for (const rare = rareMasks[k], shift = k & 31; e >= 0; e--) {
              const j = byWeight[e];
              if ((at[j] >= 0 ? blockBits[at[j] + w] >>> shift : rare >>> j) & 1) continue;
              bound -= weights[j];
              if (bound / d < min) break;
            }
            if (e >= 0) continue;
          } else {
            let m = rareMasks[k];
            for (let j = 0; j < n; j++) if (at[j] >= 0) m |= ((blockBits[at[j] + w] >>> (k & 31)) & 1) << j;
            if (heaviestOf(m, length, n, byWeight, weights, low, high) / d < top.threshold()) continue;
          }
          for (let g = blockFirst[k], end = blockFirst[k + 1]; g < end; g++) {
            if (offered[g]) continue;
            let mg = 0;
            for (let y = termStarts[g], stop = termStarts[g + 1]; y < stop; y++) mg |= termBits[termList[y]];
            // A group without a query term is no match at all, even while fewer than k are found.
            if (mg === 0 || (low[mg & 255] + high[mg >>> 8]) / d < top.threshold()) continue;
            let s = 0;
            for (let j = 0; j < n; j++) if (mg & (1 << j)) s += weights[j] / denominators[g];
            this.scores[g] = s;
            scored.push(g);
            top.offer(s, this.memberStarts[g + 1] - this.memberStarts[g]);
          }
        }
      }
    }
    for (let j = 0; j < n; j++) {
      if (at[j] >= 0) continue;
      const list = postings[ids[j]];
      for (let x = 0; x < list.length; x++) rareMasks[groupBlock[list[x]]] = 0;
    }
    for (let j = 0; j < n; j++) termBits[ids[j]] = 0;
    for (const g of seeds) offered[g] = 0;
    const last = top.threshold();
    const scores = this.scores;
    const contenders: number[] = [];
    for (const g of scored) if (scores[g] >= last) contenders.push(g);
    const result = this.topK(contenders, limit);
    for (const g of scored) scores[g] = 0;
    return result;
  }

  /**
   * Seeds the k best with the groups holding all of the query's heaviest terms
   * (as many as the walk budget allows): near copies of the sentence, whose
   * scores make the k-th score start high. Scored exactly from their own
   * terms (`termBits` holds the query's bits) and marked offered; returns them
   * (the first in group order).
   */
  private seed(n: number, limit: number): number[] {
    const { postings, offered, termBits, denominators } = this;
    const { weights, ids, byWeight, top, scored } = this.query;
    let probe = 0;
    let walk = 0;
    while (probe < n && probe < SEED_TERMS && walk + postings[ids[byWeight[n - 1 - probe]]].length <= SEED_POSTINGS) walk += postings[ids[byWeight[n - 1 - probe++]]].length;
    if (probe === 0) return [];
    // The groups in all `probe` lists (each ascending): the shortest walked, the others searched.
    let shortest = n - probe;
    for (let e = n - probe + 1; e < n; e++) if (postings[ids[byWeight[e]]].length < postings[ids[byWeight[shortest]]].length) shortest = e;
    const lead = postings[ids[byWeight[shortest]]];
    const others: Int32Array[] = [];
    for (let e = n - probe; e < n; e++) if (e !== shortest) others.push(postings[ids[byWeight[e]]]);
    const at = [0, 0];
    const seeds: number[] = [];
    const most = limit * SEEDS_PER_CANDIDATE;
    outer: for (let x = 0; x < lead.length && seeds.length < most; x++) {
      const g = lead[x];
      for (let o = 0; o < others.length; o++) {
        const list = others[o];
        const p = (at[o] = gallop(list, at[o], g));
        if (p >= list.length) break outer;
        if (list[p] !== g) continue outer;
      }
      seeds.push(g);
    }
    const { termStarts, termList } = this.data;
    for (const g of seeds) {
      let m = 0;
      for (let y = termStarts[g]; y < termStarts[g + 1]; y++) m |= termBits[termList[y]];
      let s = 0;
      for (let j = 0; j < n; j++) if (m & (1 << j)) s += weights[j] / denominators[g];
      this.scores[g] = s;
      scored.push(g);
      top.offer(s, this.memberStarts[g + 1] - this.memberStarts[g]);
      offered[g] = 1;
    }
    return seeds;
  }

  /** The `limit` best snippets of the touched groups by score, then lower index: the order a full sort gives. */
  private topK(groups: readonly number[], limit: number): number[] {
    const { scores, memberStarts, memberList } = this;
    // The best so far, best first (higher score, then lower index), with their scores: k is small,
    // so each newcomer is placed by a short scan from the end.
    const out: number[] = [];
    if (this.query.kept.length < limit) this.query.kept = new Float64Array(limit);
    const kept = this.query.kept;
    for (const g of groups) {
      const s = scores[g];
      for (let y = memberStarts[g], end = Math.min(memberStarts[g + 1], y + limit); y < end; y++) {
        const i = memberList[y];
        let p = out.length;
        while (p > 0 && (kept[p - 1] < s || (kept[p - 1] === s && out[p - 1] > i))) p--;
        if (p >= limit) break; // later members of this group are worse still (same score, higher index)
        for (let c = Math.min(out.length, limit - 1); c > p; c--) {
          out[c] = out[c - 1];
          kept[c] = kept[c - 1];
        }
        out[p] = i;
        kept[p] = s;
      }
    }
    return out;
  }

  /** Stems of a span, with its procedures. */
  spanStems(indices: readonly number[]): { all: Set<string>; plain: Set<string> } {
    const all = new Set<string>();
    const plain = new Set<string>();
    for (const i of indices) {
      for (const s of this.analysis(i).stems) all.add(s);
      for (const s of this.analysis(i).plainStems) plain.add(s);
      for (const p of this.procedures(i)) all.add(`proc:${p}`);
    }
    return { all, plain };
  }

  /** Whether a group is about a procedure, given as the id of its 'proc:' term. */
  private about(g: number, id: number): boolean {
    const { procStarts, procList } = this.data;
    for (let y = procStarts[g]; y < procStarts[g + 1]; y++) if (procList[y] === id) return true;
    return false;
  }

  /**
   * `score(query, [i]).coverage` for each of `indices`, the same values bit for
   * bit (each summed in stem order). The snippets holding each term are listed
   * once per `indices` array (callers reuse one array for many queries), so a
   * query adds up only the stems each snippet holds.
   */
  coverages(query: Analysis, indices: readonly number[]): Float64Array {
    const out = new Float64Array(indices.length);
    const { stems, weights, proc, ids } = this.queryStems(query);
    let total = 0;
    for (const w of weights) total += w;
    if (!total) return out;
    let holders = this.holders.get(indices);
    if (!holders) this.holders.set(indices, (holders = this.holdersOf(indices)));
    const { starts, places } = holders;
    const groupOf = this.data.groupOf;
    for (let k = 0; k < stems.length; k++) {
      const id = ids[k];
      if (id < 0) continue;
      const w = weights[k];
      for (let y = starts[id]; y < starts[id + 1]; y++) {
        const n = places[y];
        out[n] += !proc[k] || this.about(groupOf[indices[n]], id) ? w : w / 2;
      }
    }
    for (let n = 0; n < out.length; n++) out[n] /= total;
    return out;
  }

  /** Per term id, the places in `indices` of the snippets holding it, ascending. */
  private holdersOf(indices: readonly number[]): { starts: Int32Array; places: Int32Array } {
    const { termStarts, termList, groupOf, terms } = this.data;
    const starts = new Int32Array(terms.length + 1);
    for (let n = 0; n < indices.length; n++) {
      const g = groupOf[indices[n]];
      for (let y = termStarts[g], end = termStarts[g + 1]; y < end; y++) starts[termList[y] + 1]++;
    }
    for (let id = 0; id < terms.length; id++) starts[id + 1] += starts[id];
    const places = new Int32Array(starts[terms.length]);
    const next = starts.slice(0, terms.length);
    for (let n = 0; n < indices.length; n++) {
      const g = groupOf[indices[n]];
      for (let y = termStarts[g], end = termStarts[g + 1]; y < end; y++) places[next[termList[y]]++] = n;
    }
    return { starts, places };
  }

  /** A query's stems in order with their weights, kinds and term ids, looked up once per query. */
  private queryStems(query: Analysis): QueryStems {
    let info = this.queryStemCache.get(query);
    if (!info) {
      // Plain loops: this runs once per writer's sentence, and callbacks per stem were a visible share.
      const ids = new Int32Array(query.stems.size);
      info = { stems: [], weights: [], proc: [], gain: [], ids };
      let k = 0;
      for (const s of query.stems) {
        const id = this.termIds.get(s) ?? -1;
        const digit = s.charCodeAt(0) - 48;
        info.stems.push(s);
        info.weights.push(id >= 0 ? this.idfs[id] : this.idfMissing);
        info.proc.push(s.startsWith('proc:'));
        info.gain.push(!((digit >= 0 && digit <= 9) || UNIT_STEMS.has(s)));
        ids[k++] = id;
      }
      this.queryStemCache.set(query, info);
    }
    return info;
  }

  /**
   * Per query stem, what a snippet's group holds: 1 its terms hold it, 2 its
   * text names it (not only its context), 4 it is about it (a procedure).
   */
  private heldStems(info: QueryStems, i: number): Uint8Array {
    this.markSlots(info, true);
    const out = this.heldMarked(info, i);
    this.markSlots(info, false);
    return out;
  }

  /** Sets (or clears) `slots` for a query's stems: 1 + the stem's place. */
  private markSlots(info: QueryStems, on: boolean): void {
    const { ids } = info;
    const slots = this.slots;
    for (let k = 0; k < ids.length; k++) if (ids[k] >= 0) slots[ids[k]] = on ? k + 1 : 0;
  }

  /** `heldStems`, with `slots` set for the query. */
  private heldMarked(info: QueryStems, i: number): Uint8Array {
    const out = new Uint8Array(info.stems.length);
    const slots = this.slots;
    const g = this.data.groupOf[i];
    const { termStarts, termList, textTerms, procStarts, procList } = this.data;
    const textEnd = termStarts[g] + textTerms[g];
    for (let y = termStarts[g]; y < termStarts[g + 1]; y++) {
      const k = slots[termList[y]];
      if (k) out[k - 1] |= y < textEnd ? 3 : 1;
    }
    for (let y = procStarts[g]; y < procStarts[g + 1]; y++) {
      const k = slots[procList[y]];
      if (k) out[k - 1] |= 4;
    }
    return out;
  }

  /** Summed idf of a snippet's own stems (as its analysis lists them). */
  private sourceWeight(i: number): number {
    const g = this.data.groupOf[i];
    let sum = this.groupWeights[g];
    if (Number.isNaN(sum)) {
      sum = 0;
      const { termStarts, termList, textTerms } = this.data;
      const idfs = this.idfs;
      for (let y = termStarts[g], end = termStarts[g] + textTerms[g]; y < end; y++) sum += idfs[termList[y]];
      this.groupWeights[g] = sum;
    }
    return sum;
  }

  /** Scores how well a span covers a writer's sentence. */
  score(query: Analysis, indices: number[]): Span {
    const info = this.queryStems(query);
    return this.scoreHeld(info, indices, indices.map((i) => this.heldStems(info, i)));
  }

  /** `score`, given `heldStems` of each of the span's snippets. */
  private scoreHeld(info: QueryStems, indices: number[], held: readonly Uint8Array[]): Span {
    const { stems, weights, proc } = info;
    let total = 0;
    let hit = 0;
    let plainTotal = 0;
    let plainHit = 0;
    let matched = 0;
    for (let k = 0; k < stems.length; k++) {
      const w = weights[k];
      total += w;
      let flags = 0;
      for (let n = 0; n < held.length; n++) flags |= held[n][k];
      if (flags & 1) {
        hit += !proc[k] || flags & 4 ? w : w / 2;
        matched++;
      }
      // A plain stem is among a group's terms exactly when its text names it.
      if (!proc[k]) {
        plainTotal += w;
        if (flags & 2) plainHit += w;
      }
    }
    // Precision: how much of the source the sentence accounts for (breaks ties towards the closer source).
    let sourceTotal = 0;
    let sourceHit = 0;
    for (let n = 0; n < indices.length; n++) {
      sourceTotal += this.sourceWeight(indices[n]);
      const h = held[n];
      for (let k = 0; k < stems.length; k++) if (h[k] & 2) sourceHit += weights[k];
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
    // Compared once per pair, the answer kept: reading two snippets' sources and comparing their
    // file names (each a cache miss or two) on every call was a visible share of `spans`.
    const k = step > 0 ? i : j;
    let same = this.sameFile[k];
    if (same === 0) this.sameFile[k] = same = this.snippet(k).source.file === this.snippet(k + 1).source.file ? 1 : 2;
    return same === 1 ? j : undefined;
  }

  /** Candidate spans: each candidate alone and merged with its neighbours (a writer may merge two sentences). */
  spans(query: Analysis): Span[] {
    const out: Span[] = [];
    const info = this.queryStems(query);
    const candidates = this.candidates(query);
    // What each snippet met holds, read once (a snippet is in up to three spans).
    const heldOf = new Map<number, Uint8Array>();
    this.markSlots(info, true);
    const held = (i: number) => {
      let h = heldOf.get(i);
      if (!h) heldOf.set(i, (h = this.heldMarked(info, i)));
      return h;
    };
    try {
      // Merged spans are adjacent snippets [a, a + 1]: each once, by its first.
      const merged: number[] = [];
      for (let rank = 0; rank < candidates.length; rank++) {
        const i = candidates[rank];
        out.push(this.scoreHeld(info, [i], [held(i)]));
        if (rank >= MAX_MERGED) continue;
        const prev = this.neighbour(i, -1);
        const next = this.neighbour(i, 1);
        for (const first of [prev, next === undefined ? undefined : i]) {
          if (first === undefined || merged.includes(first)) continue;
          merged.push(first);
          const pair = [held(first), held(first + 1)];
          const span = this.scoreHeld(info, [first, first + 1], pair);
          // Only real words count as gained (a number or unit alone must not pull in a neighbour).
          const { stems, gain } = info;
          let union = 0;
          let each0 = 0;
          let each1 = 0;
          for (let k = 0; k < stems.length; k++) {
            if (!gain[k]) continue;
            const a = pair[0][k] & 1;
            const b = pair[1][k] & 1;
            each0 += a;
            each1 += b;
            if (a | b) union++;
          }
          span.gain = union - Math.max(each0, each1);
          out.push(span);
        }
      }
    } finally {
      this.markSlots(info, false);
    }
    return out;
  }
}

/**
 * Each harm's sources (see `SourceIndexData.harmSourceList`): the snippets are
 * read in order, counting for each harm's stem the snippets that hold it, up to
 * HARM_WINDOW; a group's first snippet is its first met. `groupTerms`: each
 * group's term ids (of `termCount`); `harmTerms`: each harm's stem as a term id
 * (-1: no snippet holds it); `groupHarms`: each group's affirmed harms, as harm ids.
 */
export function harmSourcesOf(
  groupOf: Int32Array,
  groupTerms: readonly (readonly number[])[],
  termCount: number,
  harmTerms: readonly number[],
  groupHarms: readonly (readonly number[])[],
): [Int32Array, Int32Array] {
  const harmOfTerm = new Int32Array(termCount).fill(-1);
  harmTerms.forEach((id, h) => id >= 0 && (harmOfTerm[id] = h));
  // Per group, the harms whose stems it holds (most hold none), read once per group.
  const groups = groupTerms.length;
  const heldStarts = new Int32Array(groups + 1);
  const held: number[] = [];
  for (let g = 0; g < groups; g++) {
    for (const id of groupTerms[g]) if (harmOfTerm[id] >= 0) held.push(harmOfTerm[id]);
    heldStarts[g + 1] = held.length;
  }
  const counted = new Int32Array(harmTerms.length);
  const lists: number[][] = harmTerms.map(() => []);
  const met = new Uint8Array(groups);
  for (let i = 0; i < groupOf.length; i++) {
    const g = groupOf[i];
    const first = met[g] === 0;
    met[g] = 1;
    for (let y = heldStarts[g]; y < heldStarts[g + 1]; y++) {
      const h = held[y];
      if (counted[h] >= HARM_WINDOW) continue;
      counted[h]++;
      if (first && groupHarms[g].includes(h)) lists[h].push(i);
    }
  }
  const starts = new Int32Array(harmTerms.length + 1);
  lists.forEach((list, h) => (starts[h + 1] = starts[h] + list.length));
  const out = new Int32Array(starts[harmTerms.length]);
  lists.forEach((list, h) => out.set(list, starts[h]));
  return [starts, out];
}

/**
 * The groups (each a list of term ids) in retrieval order: by length (the
 * bands), then by their terms rarest first, compared in turn (then by number).
 * Groups sharing their rare terms, as variants of one sentence or sentences
 * on one subject do, come out side by side, so a block of neighbours holds
 * few terms besides theirs and retrieval can pass over whole blocks a query's
 * terms cannot lift to the k-th score. `groupOf`: each snippet's group (the
 * rarity is counted in snippets, as idf is).
 */
export function clusterOrder(groupTerms: readonly (readonly number[])[], groupOf: Int32Array, termCount: number): number[] {
  const groups = groupTerms.length;
  const copies = new Int32Array(groups);
  for (let i = 0; i < groupOf.length; i++) copies[groupOf[i]]++;
  // Per term, the snippets (df) and the groups (ascending) holding it.
  const df = new Int32Array(termCount);
  const holderStarts = new Int32Array(termCount + 1);
  const starts = new Int32Array(groups + 1);
  for (let g = 0; g < groups; g++) {
    const list = groupTerms[g];
    starts[g + 1] = starts[g] + list.length;
    for (let k = 0; k < list.length; k++) {
      df[list[k]] += copies[g];
      holderStarts[list[k] + 1]++;
    }
  }
  for (let id = 0; id < termCount; id++) holderStarts[id + 1] += holderStarts[id];
  const holders = new Int32Array(holderStarts[termCount]);
  const fill = holderStarts.slice(0, termCount);
  for (let g = 0; g < groups; g++) for (const id of groupTerms[g]) holders[fill[id]++] = g;
  // Each group's key, its terms' ranks ascending, in one flat array: filled a term at a time, rarest first.
  const byRarity = Array.from({ length: termCount }, (_, id) => id).sort((x, y) => df[x] - df[y] || x - y);
  const keys = new Int32Array(starts[groups]);
  const filled = starts.slice(0, groups);
  byRarity.forEach((id, rank) => {
    for (let y = holderStarts[id]; y < holderStarts[id + 1]; y++) keys[filled[holders[y]]++] = rank;
  });
  // Length and the first two ranks as one number, exact below 2^53 (most comparisons end there);
  // the rest of the keys compared only on a tie.
  const base = termCount + 1;
  const lead = new Float64Array(groups);
  for (let g = 0; g < groups; g++) {
    const length = starts[g + 1] - starts[g];
    const first = length > 0 ? keys[starts[g]] + 1 : 0;
    const second = length > 1 ? keys[starts[g] + 1] + 1 : 0;
    lead[g] = (length * base + first) * base + second;
  }
  return Array.from({ length: groups }, (_, g) => g).sort((x, y) => {
    if (lead[x] !== lead[y]) return lead[x] - lead[y];
    for (let a = starts[x] + 2, b = starts[y] + 2; a < starts[x + 1]; a++, b++) if (keys[a] !== keys[b]) return keys[a] - keys[b];
    return x - y;
  });
}

/** A hash of a text's length and about 32 of its characters (spread over it, and its last). */
function textKey(text: string): number {
  const n = text.length;
  let h = Math.imul(n, 0x9e3779b1);
  const step = n > 32 ? Math.floor(n / 32) : 1;
  for (let k = 0; k < n; k += step) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
  h ^= text.charCodeAt(n - 1) | 0;
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) >>> 0;
}

/**
 * The data as an object of one fixed shape. Stored data comes back from
 * deserialising with another hidden class than a built index's: code the JIT
 * optimised for one would deoptimise on the other (a process holding both, a
 * loaded and a built index, paid about 150 ms on its next full check).
 */
function sameShape(data: SourceIndexData): SourceIndexData {
  return {
    format: data.format,
    snippets: data.snippets,
    terms: data.terms,
    groupOf: data.groupOf,
    termStarts: data.termStarts,
    termList: data.termList,
    textTerms: data.textTerms,
    procStarts: data.procStarts,
    procList: data.procList,
    harms: data.harms,
    harmStarts: data.harmStarts,
    harmGroups: data.harmGroups,
    harmSourceStarts: data.harmSourceStarts,
    harmSourceList: data.harmSourceList,
    textTable: data.textTable,
  };
}

/** Throws unless `data` is a well-formed index of this format for a corpus of `snippets` snippets. */
function checkData(data: SourceIndexData, snippets: number): void {
  const ok =
    data.format === SOURCE_INDEX_FORMAT &&
    data.snippets === snippets &&
    data.groupOf.length === snippets &&
    data.termStarts.length >= 1 &&
    data.procStarts.length === data.termStarts.length &&
    data.textTerms.length === data.termStarts.length - 1 &&
    data.termStarts[data.termStarts.length - 1] === data.termList.length &&
    data.procStarts[data.procStarts.length - 1] === data.procList.length &&
    Array.isArray(data.harms) &&
    data.harmStarts?.length === data.harms.length + 1 &&
    data.harmStarts[data.harms.length] === data.harmGroups?.length &&
    data.harmSourceStarts?.length === data.harms.length + 1 &&
    data.harmSourceStarts[data.harms.length] === data.harmSourceList?.length &&
    data.textTable?.length >= 2 &&
    (data.textTable.length & (data.textTable.length - 1)) === 0;
  if (!ok) throw new Error('source index data does not fit this corpus');
  const groups = data.termStarts.length - 1;
  // Groups numbered by length (each term's groups, by band then id, then ascend).
  for (let g = 1; g < groups; g++) {
    if (data.termStarts[g + 1] - data.termStarts[g] < data.termStarts[g] - data.termStarts[g - 1]) throw new Error('source index data: groups out of order');
  }
  for (let i = 0; i < data.groupOf.length; i++) if (!(data.groupOf[i] >= 0 && data.groupOf[i] < groups)) throw new Error('source index data: bad group');
  for (const id of data.termList) if (!(id >= 0 && id < data.terms.length)) throw new Error('source index data: bad term');
  for (const id of data.procList) if (!(id >= 0 && id < data.terms.length && data.terms[id].startsWith('proc:'))) throw new Error('source index data: bad procedure');
  let empty = false;
  for (let k = 0; k < data.textTable.length; k++) {
    const v = data.textTable[k];
    if (v === 0) empty = true;
    else if (!(v > 0 && v <= snippets)) throw new Error('source index data: bad text table');
  }
  if (!empty) throw new Error('source index data: full text table');
  for (let h = 0; h < data.harms.length; h++) {
    if (!(data.harmStarts[h] >= 0 && data.harmStarts[h] <= data.harmStarts[h + 1])) throw new Error('source index data: bad harm list');
    for (let y = data.harmStarts[h]; y < data.harmStarts[h + 1]; y++) {
      const g = data.harmGroups[y];
      if (!(g >= 0 && g < groups && (y === data.harmStarts[h] || g > data.harmGroups[y - 1]))) throw new Error('source index data: bad harm group');
    }
    if (!(data.harmSourceStarts[h] >= 0 && data.harmSourceStarts[h] <= data.harmSourceStarts[h + 1])) throw new Error('source index data: bad harm source list');
    for (let y = data.harmSourceStarts[h]; y < data.harmSourceStarts[h + 1]; y++) {
      const i = data.harmSourceList[y];
      if (!(i >= 0 && i < snippets && (y === data.harmSourceStarts[h] || i > data.harmSourceList[y - 1]))) throw new Error('source index data: bad harm source');
    }
  }
}
