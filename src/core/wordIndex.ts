import { WordTable, editDistance } from './words';

/** A vocabulary word a query word may stand for, with how much to trust it. */
interface Expansion {
  word: number;
  weight: number;
}

/** Serialisable form of a WordIndex (for the on-disk index cache): postings in one flat array. */
export interface WordIndexData {
  vocabulary: string[];
  /** Documents holding vocabulary word w are postings[offsets[w]] .. postings[offsets[w+1]-1], ascending. */
  offsets: Int32Array;
  postings: Int32Array;
  documents: number;
}

/**
 * A WordIndexData as the index cache stores it: each word's postings as gaps
 * (doc - previous doc - 1, previous starting at -1), LEB128 bytes. Most gaps
 * fit a byte, so a quarter of the size, and a warm start decodes none of it:
 * a word's list is decoded when a query first asks for it.
 */
export interface PackedWordIndex {
  vocabulary: string[];
  /** Postings per word. */
  counts: Int32Array;
  /** Word w's bytes are gaps[ends[w-1] (0 for w = 0) .. ends[w]-1]. */
  ends: Int32Array;
  gaps: Uint8Array;
  documents: number;
}

export function packWordIndex(data: WordIndexData): PackedWordIndex {
  const { vocabulary, offsets, postings } = data;
  const counts = new Int32Array(vocabulary.length);
  const ends = new Int32Array(vocabulary.length);
  let gaps = new Uint8Array(postings.length + 16);
  let at = 0;
  for (let w = 0; w < vocabulary.length; w++) {
    counts[w] = offsets[w + 1] - offsets[w];
    let previous = -1;
    for (let k = offsets[w]; k < offsets[w + 1]; k++) {
      if (at + 5 > gaps.length) {
        const bigger = new Uint8Array(gaps.length * 2);
        bigger.set(gaps);
        gaps = bigger;
      }
      let gap = postings[k] - previous - 1;
      previous = postings[k];
      while (gap >= 0x80) {
        gaps[at++] = (gap & 0x7f) | 0x80;
        gap >>>= 7;
      }
      gaps[at++] = gap;
    }
    ends[w] = at;
  }
  return { vocabulary, counts, ends, gaps: gaps.slice(0, at), documents: data.documents };
}

/**
 * Word w's postings from a packed index. Damaged bytes (the file is written
 * whole, so only a bad disk) end the list early rather than fail a search.
 */
function unpackPostings(packed: PackedWordIndex, w: number): Int32Array {
  const { counts, ends, gaps, documents } = packed;
  const list = new Int32Array(Math.max(0, counts[w]));
  let at = w === 0 ? 0 : ends[w - 1];
  const end = ends[w];
  let doc = -1;
  for (let k = 0; k < list.length; k++) {
    let gap = 0;
    for (let shift = 0; ; shift += 7) {
      if (at >= end || shift > 28) return list.subarray(0, k);
      const byte = gaps[at++];
      gap |= (byte & 0x7f) << shift;
      if (byte < 0x80) break;
    }
    doc += gap + 1;
    if (gap < 0 || doc >= documents) return list.subarray(0, k);
    list[k] = doc;
  }
  return list;
}

/** A small binary min-heap of (key, value) pairs, keeping the `capacity` largest keys. */
class TopK {
  private readonly keys: number[] = [];
  private readonly values: number[] = [];
  constructor(private readonly capacity: number) {}

  push(key: number, value: number): void {
    if (this.keys.length < this.capacity) {
      this.keys.push(key);
      this.values.push(value);
      this.up(this.keys.length - 1);
    } else if (key > this.keys[0] || (key === this.keys[0] && value < this.values[0])) {
      // Ties go to the smaller value (the earlier document), whatever order they come in.
      this.keys[0] = key;
      this.values[0] = value;
      this.down(0);
    }
  }

  /** The smallest key kept (the one a new pair must beat). */
  minKey(): number {
    return this.keys[0];
  }

  /** Values, largest key first (ties: smaller value, i.e. earlier document, first). */
  sorted(): number[] {
    return this.keys
      .map((key, i) => ({ key, value: this.values[i] }))
      .sort((a, b) => b.key - a.key || a.value - b.value)
      .map((e) => e.value);
  }

  private less(i: number, j: number): boolean {
    return this.keys[i] < this.keys[j] || (this.keys[i] === this.keys[j] && this.values[i] > this.values[j]);
  }
  private swap(i: number, j: number): void {
    const key = this.keys[i];
    this.keys[i] = this.keys[j];
    this.keys[j] = key;
    const value = this.values[i];
    this.values[i] = this.values[j];
    this.values[j] = value;
  }
  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }
  private down(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let smallest = i;
      if (l < this.keys.length && this.less(l, smallest)) smallest = l;
      if (r < this.keys.length && this.less(r, smallest)) smallest = r;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }
}

function trigrams(word: string): string[] {
  const padded = `^${word}$`;
  const grams: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) grams.push(padded.slice(i, i + 3));
  return grams;
}

/**
 * An inverted index from words to documents that narrows a fuzzy query to a
 * few hundred candidates: each query word expands to the vocabulary words it
 * may mean (exact, prefix, one or two typos away), and documents are ranked by
 * how many query words they hold, then by IDF. fuse.js then ranks the few.
 */
export class WordIndex {
  private lookup?: { ids: Map<string, number>; sortedWords: number[] };
  private readonly vocabulary: string[];
  readonly documents: number;
  private trigramIndex?: Map<string, number[]>;
  private readonly perWord: Float64Array;
  private readonly stamp: Int32Array;
  private readonly score: Float64Array;
  private readonly matched: Uint16Array;
  private query = 0;
  private touchedBuffer?: Int32Array;
  private hitsBuffer?: Int32Array;

  /** Per word, its postings; from a packed index, decoded on first use. */
  private readonly postings: Array<Int32Array | undefined>;

  // The word lookup tables are made on the first query: a warm start does not need them.
  private constructor(
    private data: WordIndexData | undefined,
    private readonly packed?: PackedWordIndex,
  ) {
    const source = (data ?? packed)!;
    this.vocabulary = source.vocabulary;
    this.documents = source.documents;
    this.postings = data ? data.vocabulary.map((_, w) => data.postings.subarray(data.offsets[w], data.offsets[w + 1])) : new Array(source.vocabulary.length);
    this.perWord = new Float64Array(this.documents);
    this.stamp = new Int32Array(this.documents);
    this.score = new Float64Array(this.documents);
    this.matched = new Uint16Array(this.documents);
  }

  /** Indexes documents given as texts (each may combine several fields). */
  static build(texts: readonly string[]): WordIndex {
    const builder = new WordIndexBuilder();
    for (const text of texts) {
      builder.add(text);
      builder.endDocument();
    }
    return new WordIndex(builder.finish());
  }

  static fromData(data: WordIndexData): WordIndex {
    return new WordIndex(data);
  }

  /** An index from its cached form; throws if its columns do not fit together. */
  static fromPacked(packed: PackedWordIndex): WordIndex {
    const words = packed.vocabulary.length;
    if (packed.counts.length !== words || packed.ends.length !== words || (words > 0 && packed.ends[words - 1] !== packed.gaps.length)) throw new Error('damaged word index');
    return new WordIndex(undefined, packed);
  }

  toData(): WordIndexData {
    if (!this.data) {
      const lists = this.vocabulary.map((_, w) => this.list(w));
      const offsets = new Int32Array(lists.length + 1);
      lists.forEach((list, w) => (offsets[w + 1] = offsets[w] + list.length));
      const postings = new Int32Array(offsets[lists.length]);
      lists.forEach((list, w) => postings.set(list, offsets[w]));
      this.data = { vocabulary: this.vocabulary, offsets, postings, documents: this.documents };
    }
    return this.data;
  }

  private list(word: number): Int32Array {
    return (this.postings[word] ??= unpackPostings(this.packed!, word));
  }

  /** Word ids by word, and word ids in word order (for prefixes). */
  private makeLookup(): { ids: Map<string, number>; sortedWords: number[] } {
    const vocabulary = this.vocabulary;
    const ids = new Map<string, number>();
    vocabulary.forEach((w, i) => ids.set(w, i));
    const sortedWords = vocabulary.map((_, i) => i).sort((a, b) => (vocabulary[a] < vocabulary[b] ? -1 : vocabulary[a] > vocabulary[b] ? 1 : 0));
    return { ids, sortedWords };
  }

  /** The vocabulary words a query word may stand for. */
  expand(queryWord: string): Expansion[] {
    const { ids, sortedWords } = (this.lookup ??= this.makeLookup());
    const q = queryWord.toLowerCase();
    const found = new Map<number, number>();
    const offer = (word: number, weight: number) => {
      if ((found.get(word) ?? 0) < weight) found.set(word, weight);
    };
    const exact = ids.get(q);
    if (exact !== undefined) offer(exact, 1);
    if (q.length >= 3) {
      // Partial words: every vocabulary word that starts with the query word.
      let lo = 0;
      let hi = sortedWords.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.vocabulary[sortedWords[mid]] < q) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo, n = 0; i < sortedWords.length && n < 64; i++, n++) {
        const word = sortedWords[i];
        if (!this.vocabulary[word].startsWith(q)) break;
        offer(word, 0.85);
      }
    }
    if (q.length >= 4) {
      const maxTypos = q.length <= 5 ? 1 : 2;
      for (const word of this.similarWords(q)) {
        const candidate = this.vocabulary[word];
        const whole = editDistance(q, candidate, maxTypos);
        if (whole <= maxTypos) offer(word, whole === 1 ? 0.7 : 0.55);
        else if (candidate.length > q.length && editDistance(q, candidate.slice(0, q.length), 1) <= 1) offer(word, 0.5);
      }
    }
    return [...found].map(([word, weight]) => ({ word, weight }));
  }

  /** Words sharing enough trigrams with the query word to be worth an edit-distance check. */
  private similarWords(q: string): number[] {
    this.trigramIndex ??= this.buildTrigrams();
    const counts = new Map<number, number>();
    const grams = trigrams(q);
    for (const gram of grams) for (const word of this.trigramIndex.get(gram) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
    // Two typos can spoil up to six trigrams; demand a share of the rest, and check the best few hundred.
    const needed = Math.max(1, Math.floor(grams.length / 3));
    return [...counts]
      .filter(([, n]) => n >= needed)
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, 400)
      .map(([word]) => word);
  }

  private buildTrigrams(): Map<string, number[]> {
    const index = new Map<string, number[]>();
    this.vocabulary.forEach((word, id) => {
      for (const gram of new Set(trigrams(word))) {
        const list = index.get(gram);
        if (list) list.push(id);
        else index.set(gram, [id]);
      }
    });
    return index;
  }

  /**
   * Up to `limit` documents for the query words, best first: most query words
   * matched, then the sum of IDF-weighted match strengths.
   */
  candidates(queryWords: readonly string[], limit: number, allowed?: (doc: number) => boolean): number[] {
    const words: WordLists[] = queryWords.map((queryWord) =>
      this.expand(queryWord).map(({ word, weight }) => {
        const list = this.list(word);
        return { list, value: weight * Math.log(1 + this.documents / list.length) };
      }),
    );
    return this.holdingAll(words, limit, allowed) ?? this.ranked(words, limit, allowed);
  }

  /**
   * The ranking `ranked` gives when at least `limit` documents hold every query
   * word: those outrank all others, and all of them hold the rarest word. So
   * its documents are visited in ascending order, looked up in the other
   * words' lists by galloping, and the visit stops once `limit` documents have
   * the best score any document can have: ties go to earlier documents, so no
   * later one can displace them. A query of common words ("back", "surgery" in
   * a spine library) can then stop after a few hundred postings, not half the corpus.
   * Undefined when fewer than `limit` documents hold every word.
   */
  private holdingAll(words: readonly WordLists[], limit: number, allowed?: (doc: number) => boolean): number[] | undefined {
    const n = words.length;
    if (n < 2) return undefined;
    const sizes = words.map((lists) => lists.reduce((sum, { list }) => sum + list.length, 0));
    let rarest = 0;
    for (let i = 1; i < n; i++) if (sizes[i] < sizes[rarest]) rarest = i;
    if (sizes[rarest] < limit) return undefined;
    // Summed in word order, as `ranked` sums them: equal values give equal scores to the last bit,
    // and no document's sum can exceed the sum of each word's best (rounding is monotonic).
    let bestScore = 0;
    for (const lists of words) bestScore += lists.reduce((best, { value }) => Math.max(best, value), 0);
    const bestKey = rankKey(n, bestScore);
    const cursors = words.map((lists) => new Int32Array(lists.length));
    const rare = words[rarest];
    const rareCursors = cursors[rarest];
    const top = new TopK(limit);
    let holding = 0;
    for (;;) {
      let doc = -1;
      for (let j = 0; j < rare.length; j++) {
        const list = rare[j].list;
        const at = rareCursors[j];
        if (at < list.length && (doc < 0 || list[at] < doc)) doc = list[at];
      }
      if (doc < 0) break;
      let rareValue = 0;
      for (let j = 0; j < rare.length; j++) {
        const list = rare[j].list;
        if (rareCursors[j] < list.length && list[rareCursors[j]] === doc) {
          rareCursors[j]++;
          if (rare[j].value > rareValue) rareValue = rare[j].value;
        }
      }
      let score = 0;
      let all = true;
      for (let i = 0; i < n && all; i++) {
        let value = 0;
        if (i === rarest) {
          value = rareValue;
        } else {
          const lists = words[i];
          const at = cursors[i];
          for (let j = 0; j < lists.length; j++) {
            const list = lists[j].list;
            const k = (at[j] = gallop(list, doc, at[j]));
            if (k < list.length && list[k] === doc && lists[j].value > value) value = lists[j].value;
          }
        }
        all = value > 0;
        score += value;
      }
      if (!all || (allowed && !allowed(doc))) continue;
      holding++;
      top.push(rankKey(n, score), doc);
      if (holding >= limit && top.minKey() === bestKey) break;
    }
    return holding >= limit ? top.sorted() : undefined;
  }

  /** Every document holding any query word, scored: the general case. */
  private ranked(words: readonly WordLists[], limit: number, allowed?: (doc: number) => boolean): number[] {
    // Preallocated buffers: a common word touches most documents, and growing arrays per query is what costs.
    this.touchedBuffer ??= new Int32Array(this.documents);
    this.hitsBuffer ??= new Int32Array(this.documents);
    const touchedBuffer = this.touchedBuffer;
    const hitsBuffer = this.hitsBuffer;
    let touched = 0;
    const base = this.query;
    words.forEach((lists, i) => {
      const mark = base + i + 1;
      let hits = 0;
      for (const { list, value } of lists) {
        for (let k = 0; k < list.length; k++) {
          const doc = list[k];
          if (this.stamp[doc] !== mark) {
            if (this.stamp[doc] <= base) {
              this.score[doc] = 0;
              this.matched[doc] = 0;
              touchedBuffer[touched++] = doc;
            }
            this.stamp[doc] = mark;
            this.perWord[doc] = value;
            hitsBuffer[hits++] = doc;
          } else if (value > this.perWord[doc]) {
            this.perWord[doc] = value;
          }
        }
      }
      for (let h = 0; h < hits; h++) {
        const doc = hitsBuffer[h];
        this.score[doc] += this.perWord[doc];
        this.matched[doc]++;
      }
    });
    this.query = base + words.length + 1;
    if (this.query > 2_000_000_000) {
      this.stamp.fill(0);
      this.query = 0;
    }
    const top = new TopK(limit);
    for (let t = 0; t < touched; t++) {
      const doc = touchedBuffer[t];
      if (allowed && !allowed(doc)) continue;
      top.push(rankKey(this.matched[doc], this.score[doc]), doc);
    }
    return top.sorted();
  }
}

/** The order both ways of ranking share: most query words held, then the highest sum (sums stay far below 1e6). */
function rankKey(matched: number, score: number): number {
  return matched * 1e6 + score;
}

/** A query word's vocabulary words: each one's postings and what holding it is worth. */
type WordLists = Array<{ list: Int32Array; value: number }>;

/** The first position at or after `from` in an ascending list whose value is at least `doc`. */
function gallop(list: Int32Array, doc: number, from: number): number {
  let step = 1;
  let hi = from;
  while (hi < list.length && list[hi] < doc) {
    from = hi + 1;
    hi += step;
    step *= 2;
  }
  hi = Math.min(hi, list.length);
  while (from < hi) {
    const mid = (from + hi) >> 1;
    if (list[mid] < doc) from = mid + 1;
    else hi = mid;
  }
  return from;
}

/**
 * Builds a word index document by document: `add` each field of a document
 * (the same as adding them joined by spaces), then `endDocument`. One pass
 * records (word, document) pairs, first occurrence per document only; a
 * counting sort lays out the postings. Typed arrays throughout: this reads
 * millions of words.
 */
export class WordIndexBuilder {
  private readonly table = new WordTable();
  // Small to start with, as in WordTable: the growth paths run on the first few snippets.
  private lastDoc = new Int32Array(16).fill(-1);
  // Documents per word so far, so that finishing need not count them in one more pass over the
  // pairs (at 100,000 snippets that pass ran last, on one thread, while the other had finished).
  private counts = new Int32Array(16);
  private pairs = new Int32Array(16);
  private count = 0;
  private docEnds = new Int32Array(4);
  private documents = 0;
  private readonly recurring = new Map<string, Int32Array>();
  private remapTable: WordTable | undefined;
  private remap = new Int32Array(0);

  add(text: string): void {
    const table = this.table;
    const doc = this.documents;
    const codes = table.codesOf(text);
    for (let id = table.next(text, codes, 0); id >= 0; id = table.next(text, codes, table.end)) {
      this.pair(id, doc);
    }
  }

  /** `add` for a text already read into words: ids in another table, in text order. */
  addWords(ids: ArrayLike<number>, table: WordTable): void {
    if (table !== this.remapTable) {
      this.remapTable = table;
      this.remap = new Int32Array(Math.max(1024, table.size)).fill(-1);
    }
    const doc = this.documents;
    for (let k = 0; k < ids.length; k++) {
      const source = ids[k];
      while (source >= this.remap.length) this.remap = grown(this.remap, -1);
      let id = this.remap[source];
      if (id < 0) id = this.remap[source] = this.table.id(table.words[source]);
      this.pair(id, doc);
    }
  }

  /** `add` for a text that recurs across documents (a procedure's names): its words are read once. */
  addRecurring(text: string): void {
    let ids = this.recurring.get(text);
    if (!ids) {
      const found: number[] = [];
      const codes = this.table.codesOf(text);
      for (let id = this.table.next(text, codes, 0); id >= 0; id = this.table.next(text, codes, this.table.end)) found.push(id);
      ids = Int32Array.from(found);
      this.recurring.set(text, ids);
    }
    const doc = this.documents;
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k];
      this.pair(id, doc);
    }
  }

  /** Records that word `id` is in document `doc` (once per document). */
  private pair(id: number, doc: number): void {
    if (id >= this.lastDoc.length) {
      this.lastDoc = grown(this.lastDoc, -1);
      this.counts = grown(this.counts, 0);
    }
    if (this.lastDoc[id] === doc) return;
    this.lastDoc[id] = doc;
    this.counts[id]++;
    if (this.count === this.pairs.length) this.pairs = grown(this.pairs, 0);
    this.pairs[this.count++] = id;
  }

  endDocument(): void {
    if (this.documents === this.docEnds.length) this.docEnds = grown(this.docEnds, 0);
    this.docEnds[this.documents++] = this.count;
  }

  finish(): WordIndexData {
    const offsets = postingStarts(this.counts, this.table.size);
    const postings = fillPostings(this.pairs, this.count, this.docEnds, this.documents, offsets);
    return { vocabulary: this.table.words, offsets, postings, documents: this.documents };
  }
}

// finish's loops, a function each: each runs once per build, long enough for V8 to compile it
// mid-loop; in one function, the code compiled for the first loop was discarded at the next.

/** Where each word's postings start (offsets[words]: how many there are), from each word's count. */
function postingStarts(counts: Int32Array, words: number): Int32Array<ArrayBuffer> {
  const offsets = new Int32Array(words + 1);
  for (let w = 0; w < words; w++) offsets[w + 1] = offsets[w] + counts[w];
  return offsets;
}

/** Each word's documents, ascending, at its offsets; `docEnds[d]`: where document d's pairs end. */
function fillPostings(pairs: Int32Array, count: number, docEnds: Int32Array, documents: number, offsets: Int32Array): Int32Array<ArrayBuffer> {
  const fill = offsets.slice(0, offsets.length - 1);
  const postings = new Int32Array(count);
  for (let doc = 0, k = 0; doc < documents; doc++) for (const end = docEnds[doc]; k < end; k++) postings[fill[pairs[k]]++] = doc;
  return postings;
}

function grown(array: Int32Array<ArrayBuffer>, fill: number): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  if (fill !== 0) bigger.fill(fill, array.length);
  bigger.set(array);
  return bigger;
}

