import { Corpus } from '../corpus';
import { LineIndex } from '../lineIndex';
import { MappedText, joinMapped, originalEnd, sliceMapped } from '../mappedText';
import { sentenceRanges } from '../sentences';
import { Tagger } from '../taxonomy';
import { MarkdownComment, ProseLayout, TextBlock, markdownLayout, plainTextLayout } from '../textBlocks';
import { Analysis, analyse } from './analysis';
import { SourceIndex, SourceIndexData, Span } from './aligner';
import { CompareContext, Issue, STRONG_ALIGNMENT, WEAK_ALIGNMENT, compareLoose, compareQuoted, compareSentence } from './compare';
import { Finding, FindingCode, FindingSource } from './finding';
import { MAX_SENTENCE_CHARS } from './text';
import type { Snippet } from '../snippet';

export type DocumentFormat = 'markdown' | 'text';

/** How a checked sentence relates to the corpus. */
export type Verdict = 'agree' | 'disagree' | 'unsupported' | 'weak';

/** One checked sentence: where it is, its closest source and the verdict (for hovers). */
export interface SentenceVerdict {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  text: string;
  verdict: Verdict;
  /** Share of the sentence's content words found in the aligned source (0..1). */
  score: number;
  /** The best-matching source sentence(s), when any aligns. */
  source?: FindingSource;
  /** The findings reported for this sentence (after suppression). */
  findings: Finding[];
}

/** What the checker remembers about a sentence text (positions relative to the sentence). */
interface SentenceResult {
  verdict: Verdict;
  score: number;
  sourceIndices: number[];
  issues: Issue[];
  contentWords: number;
  /** Per issue, its source and message (made on first report, then reused). */
  notes?: Array<{ source?: FindingSource; message: string }>;
}

/** A block text's sentences: [start, end) pairs in the text, and each one's result once made. */
interface BlockSentences {
  ranges: Array<[number, number]>;
  results: Array<SentenceResult | undefined>;
  /** The verdicts last made from this text, for `check` [0] and for `explain` [1]. */
  made: [MadeVerdicts | undefined, MadeVerdicts | undefined];
}

/**
 * Where a block's text sat in its document, as much as its verdicts' positions
 * depend on: where each of its lines' characters came from, relative to the
 * start of its first line; where lines start from there to its end (so line
 * and column positions); which of those lines were suppressed.
 */
interface BlockPlace {
  /** Per line of the block: where its characters start, or -1 if they are not one run (then in `scattered`), and how many. */
  runs: number[];
  /** The relative offsets of the lines that are not one run, in order. */
  scattered: Int32Array[];
  lineStarts: number[];
  suppressed: string;
}

/** A block's verdicts as made, with the place they were made for and its first line. */
interface MadeVerdicts {
  place: BlockPlace;
  line: number;
  verdicts: SentenceVerdict[];
}

/** Whitespace other than single inner spaces. */
const IRREGULAR_SPACE = /[^\S ]| {2}|^ | $/;

/** Most sentences remembered between checks (an edit re-checks only the sentences it changed). */
const CACHE_LIMIT = 20000;
/** Sentences checked per document at most (bounds the work on huge inputs). */
const MAX_SENTENCES = 50000;

/** Checks writers' documents against the vetted corpus. */
export class ClaimChecker {
  private readonly tagger: Tagger;
  private indexCache?: SourceIndex;
  private readonly cache = new Map<string, SentenceResult>();
  /** Sentences and their results per block text (an edit re-splits only the block it changed). */
  private readonly blocks = new Map<string, BlockSentences>();
  /** Source quotes per snippet span ("i,j"). */
  private readonly sources = new Map<string, FindingSource | undefined>();

  /** `sourceIndex`: stored `sourceIndexData()` for this corpus, taxonomy and SOURCE_INDEX_FORMAT (skips the build; rebuilt if it does not fit). */
  constructor(readonly corpus: Corpus, private sourceIndex?: SourceIndexData) {
    this.tagger = new Tagger(corpus.taxonomy);
  }

  private get index(): SourceIndex {
    if (!this.indexCache && this.sourceIndex) {
      try {
        this.indexCache = SourceIndex.fromData(this.corpus, this.tagger, this.sourceIndex);
      } catch {
        // does not fit this corpus: build it
      }
      this.sourceIndex = undefined;
    }
    this.indexCache ??= new SourceIndex(this.corpus, this.tagger);
    return this.indexCache;
  }

  /** Builds (or loads) the source index now; otherwise the first check makes it. */
  prepareIndex(): void {
    void this.index;
  }

  /** The source index as plain arrays for a cache to store (built now if not yet). */
  sourceIndexData(): SourceIndexData {
    return this.index.toData();
  }

  /**
   * Builds (or loads) the source index and runs a short throwaway check of the
   * corpus's own sentences, quoted and altered the ways writers slip (a figure,
   * a hedge, a "risk-free" claim), so V8 compiles the retrieval and comparison
   * paths before the writer's first check rather than during it. In the bench
   * at 100k sentences the first 1,000-sentence check took 325 ms after a
   * one-sentence warm-up and 272 ms after this one (which cost about 100 ms,
   * once). Leaves no results behind: later checks answer exactly as without it.
   */
  warmUp(sentences = 30): void {
    this.check(warmUpDocument(this.corpus.snippets, sentences), 'markdown');
    this.cache.clear();
    this.blocks.clear();
    this.sources.clear();
  }

  /** Findings for a document: warnings for disagreements, information for unsupported sentences. */
  check(text: string, format: DocumentFormat): Finding[] {
    return this.verdicts(text, format, true).flatMap((v) => v.findings);
  }

  /** Every checked sentence with its range, best source and verdict, in document order. */
  explain(text: string, format: DocumentFormat): SentenceVerdict[] {
    return this.verdicts(text, format, false);
  }

  /** `findingsOnly`: skip sentences without findings (a re-check after an edit then costs little beyond the edit). */
  private verdicts(text: string, format: DocumentFormat, findingsOnly: boolean): SentenceVerdict[] {
    try {
      return this.explainUnsafe(typeof text === 'string' ? text : String(text ?? ''), format === 'markdown' ? 'markdown' : 'text', findingsOnly);
    } catch {
      return [];
    }
  }

  /** Checks a single sentence of prose (positions in the result are relative to it, line 1). */
  checkSentence(sentence: string): SentenceVerdict | undefined {
    return this.explain(sentence.replace(/[\r\n]+/g, ' '), 'text')[0];
  }

  private explainUnsafe(text: string, format: DocumentFormat, findingsOnly: boolean): SentenceVerdict[] {
    const layout: ProseLayout = format === 'markdown' ? markdownLayout(text) : plainTextLayout(text);
    const lines = new LineIndex(text);
    const suppressed = suppressedLines(layout.comments, lines.lineCount, text, lines);
    const out: SentenceVerdict[] = [];
    let count = 0;
    for (const block of layout.blocks) {
      const joined = joinMapped(block.lines);
      const sentences = this.blockSentences(joined.text);
      const total = sentences.ranges.length;
      if (total > 0 && count + total <= MAX_SENTENCES) {
        // A block whose text sits as it did when its verdicts were made (most of them, after an
        // edit: at most a few lines lower or higher) gets those verdicts again, moved.
        count += total;
        const place = blockPlace(block, joined, lines, suppressed);
        const slot = findingsOnly ? 0 : 1;
        let made = sentences.made[slot];
        if (!made || !samePlace(made.place, place)) {
          const verdicts: SentenceVerdict[] = [];
          for (let k = 0; k < total; k++) {
            const verdict = this.sentenceVerdict(joined, sentences, k, block, lines, suppressed, findingsOnly);
            if (verdict) verdicts.push(verdict);
          }
          made = sentences.made[slot] = { place, line: block.line, verdicts };
        }
        for (const verdict of made.verdicts) out.push(moved(verdict, block.line - made.line));
        continue;
      }
      for (let k = 0; k < sentences.results.length; k++) {
        if (++count > MAX_SENTENCES) return out;
        const verdict = this.sentenceVerdict(joined, sentences, k, block, lines, suppressed, findingsOnly);
        if (verdict) out.push(verdict);
      }
    }
    return out;
  }

  /** The verdict on a block's k-th sentence; none if it is suppressed, or if `findingsOnly` and it has none. */
  private sentenceVerdict(
    joined: MappedText,
    sentences: BlockSentences,
    k: number,
    block: TextBlock,
    lines: LineIndex,
    suppressed: Set<number>,
    findingsOnly: boolean,
  ): SentenceVerdict | undefined {
    const [from, to] = sentences.ranges[k];
    if (suppressed.size && suppressed.has(lines.position(joined.offsets[from]).line)) return undefined;
    const result = (sentences.results[k] ??= this.sentenceResult(joined.text.slice(from, to)));
    if (findingsOnly && result.issues.length === 0 && !notedUnsupported(result, block)) return undefined;
    return this.toVerdict(sliceMapped(joined, from, to), result, block, lines, suppressed);
  }

  /**
   * A block's sentences, as `splitSentences` gives them, and their results (made
   * when first needed), remembered per block text: a re-check after an edit
   * looks up each unchanged block once instead of splitting it and looking up
   * each of its sentences.
   */
  private blockSentences(text: string): BlockSentences {
    let entry = this.blocks.get(text);
    if (!entry) {
      const ranges = sentenceRanges(text);
      entry = { ranges, results: new Array<SentenceResult | undefined>(ranges.length), made: [undefined, undefined] };
      if (this.blocks.size >= CACHE_LIMIT) this.blocks.clear();
      this.blocks.set(text, entry);
    }
    return entry;
  }

  private sentenceResult(text: string): SentenceResult {
    // Whitespace runs as one space, trimmed (most sentences already are: skip the copy).
    const key = IRREGULAR_SPACE.test(text) ? text.replace(/\s+/g, ' ').trim() : text;
    const cached = this.cache.get(key);
    if (cached) return cached;
    let result: SentenceResult;
    try {
      result = this.compute(text);
    } catch {
      result = { verdict: 'weak', score: 0, sourceIndices: [], issues: [], contentWords: 0 };
    }
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(key, result);
    return result;
  }

  private contextCache?: CompareContext;

  /** What comparisons need from the corpus (made once, with the source index). */
  private context(): CompareContext {
    const tagger = this.tagger;
    return (this.contextCache ??= {
      index: this.index,
      isGeneral: (id) => tagger.procedure(id)?.general === true,
      label: (id) => tagger.procedure(id)?.label ?? id,
    });
  }

  private compute(text: string): SentenceResult {
    const quoted = this.index.quoted(text);
    if (quoted >= 0) return this.computeQuoted(quoted);
    const w: Analysis = analyse(text, this.tagger);
    const contentWords = w.stems.size;
    if (contentWords === 0) return { verdict: 'weak', score: 0, sourceIndices: [], issues: [], contentWords };
    const ctx = this.context();
    const spans = this.index.spans(w);
    const best = chooseBest(spans);
    if (!best || best.coverage < STRONG_ALIGNMENT || best.matched < 2) {
      const nearest = [...spans].sort((a, b) => b.coverage - a.coverage || a.indices[0] - b.indices[0]).slice(0, 3);
      const loose = compareLoose(w, ctx, nearest);
      if (loose.length) {
        const fallback = best ? best.indices : [];
        const sourced = withSource(loose, fallback);
        return { verdict: 'disagree', score: best?.coverage ?? 0, sourceIndices: sourced[0].source, issues: sourced, contentWords };
      }
      const verdict: Verdict = !best || best.coverage < WEAK_ALIGNMENT || best.matched < 2 ? 'unsupported' : 'weak';
      return { verdict, score: best?.coverage ?? 0, sourceIndices: best && verdict === 'weak' ? best.indices : [], issues: [], contentWords };
    }
    const issues = withSource(dedupe(compareSentence(w, best, spans, ctx)), best.indices);
    return { verdict: issues.length ? 'disagree' : 'agree', score: best.coverage, sourceIndices: best.indices, issues, contentWords };
  }

  /**
   * A corpus sentence quoted verbatim. Its source is the sentence it quotes
   * (retrieval ranks near-copies higher and may miss it among many), and
   * writers paste vetted sentences often: no retrieval, no comparison with
   * itself. Only what the taxonomy says of two procedures it names can
   * disagree; the index tells whether it names two, so most quotes need no
   * analysis (with a loaded index, one made on first use).
   */
  private computeQuoted(quoted: number): SentenceResult {
    const contentWords = this.index.stemCount(quoted);
    if (contentWords === 0) return { verdict: 'weak', score: 0, sourceIndices: [], issues: [], contentWords };
    const issues = this.index.namedProcedureCount(quoted) < 2 ? [] : withSource(compareQuoted(this.index.analysis(quoted), this.context()), [quoted]);
    return { verdict: issues.length ? 'disagree' : 'agree', score: 1, sourceIndices: [quoted], issues, contentWords };
  }

  /** The quote of a span of snippets (shared: copy it before handing it out). */
  private source(indices: readonly number[]): FindingSource | undefined {
    if (indices.length === 0) return undefined;
    const key = indices.join(',');
    let source = this.sources.get(key);
    if (!this.sources.has(key)) {
      source = this.computeSource(indices);
      if (this.sources.size >= CACHE_LIMIT) this.sources.clear();
      this.sources.set(key, source);
    }
    return source;
  }

  private computeSource(indices: readonly number[]): FindingSource | undefined {
    const first = this.corpus.snippets[indices[0]];
    const last = this.corpus.snippets[indices[indices.length - 1]];
    if (!first || !last) return undefined;
    return {
      file: first.source.file,
      title: first.source.title,
      line: first.source.line,
      column: first.source.column,
      endLine: last.source.endLine,
      endColumn: last.source.endColumn,
      text: indices.map((i) => this.corpus.snippets[i].text).join(' '),
      snippetId: first.id,
    };
  }

  private toVerdict(sentence: MappedText, result: SentenceResult, block: TextBlock, lines: LineIndex, suppressed: Set<number>): SentenceVerdict {
    const limit = Math.min(sentence.text.length, MAX_SENTENCE_CHARS);
    const at = (offset: number) => lines.position(sentence.offsets[Math.max(0, Math.min(offset, sentence.offsets.length - 1))]);
    const endAt = (offset: number) => {
      const o = Math.max(1, Math.min(offset, sentence.offsets.length));
      return lines.position(sentence.offsets[o - 1] + 1);
    };
    const start = at(0);
    const end = lines.position(originalEnd(sentence));
    const findings: Finding[] = [];
    const notes = (result.notes ??= result.issues.map((issue) => {
      const source = this.source(issue.source);
      return { source, message: message(issue.code, issue.what, source) };
    }));
    result.issues.forEach((issue, k) => {
      const whole = issue.start <= 0 && issue.end >= limit;
      const s = whole ? start : at(issue.start);
      const e = whole ? end : endAt(issue.end);
      if (suppressed.has(s.line)) return;
      const source = copy(notes[k].source);
      const wholeRange = whole || issue.replacement === undefined;
      const proposed = wholeRange ? source?.text : issue.replacement;
      // No fix that leaves the text as it is (a quoted corpus sentence the taxonomy contradicts).
      const replacement = proposed === (wholeRange ? sentence.text : sentence.text.slice(issue.start, issue.end)) ? undefined : proposed;
      const rs = wholeRange ? start : s;
      const re = wholeRange ? end : e;
      findings.push({
        line: rs.line,
        column: rs.column,
        endLine: re.line,
        endColumn: re.column,
        severity: 'warning',
        code: issue.code,
        message: notes[k].message,
        ...(source ? { source } : {}),
        ...(replacement !== undefined ? { replacement } : {}),
      });
    });
    if (notedUnsupported(result, block)) {
      findings.push({
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        severity: 'information',
        code: 'unsupported',
        message: 'No vetted source found for this sentence.',
      });
    }
    return {
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      text: sentence.text,
      verdict: result.verdict,
      score: Math.round(result.score * 1000) / 1000,
      ...(result.sourceIndices.length ? { source: copy(this.source(result.sourceIndices)) } : {}),
      findings,
    };
  }
}

/**
 * Where a block's text sits in a document (see BlockPlace). A line's offsets
 * ascend (layouts only drop characters), so they are one run when the last is
 * the first plus the length less one: most lines of prose, compared by two
 * numbers instead of an offset per character.
 */
function blockPlace(block: TextBlock, joined: MappedText, lines: LineIndex, suppressed: Set<number>): BlockPlace {
  const start = lines.lineRange(block.line).start;
  const runs: number[] = [];
  const scattered: Int32Array[] = [];
  for (const { offsets } of block.lines) {
    const n = offsets.length;
    if (n === 0 || offsets[n - 1] - offsets[0] === n - 1) runs.push(n === 0 ? 0 : offsets[0] - start, n);
    else {
      runs.push(-1, n);
      const relative = new Int32Array(n);
      for (let i = 0; i < n; i++) relative[i] = offsets[i] - start;
      scattered.push(relative);
    }
  }
  // Positions are asked for up to the block's end.
  const end = originalEnd(joined);
  let lineMarks = '';
  if (suppressed.size) for (let l = block.line, last = lines.position(end).line; l <= last; l++) lineMarks += suppressed.has(l) ? '1' : '0';
  return { runs, scattered, lineStarts: lines.startsWithin(start, end), suppressed: lineMarks };
}

function samePlace(a: BlockPlace, b: BlockPlace): boolean {
  return a.suppressed === b.suppressed && sameNumbers(a.runs, b.runs) && sameNumbers(a.lineStarts, b.lineStarts) && a.scattered.length === b.scattered.length && a.scattered.every((x, k) => sameNumbers(x, b.scattered[k]));
}

function sameNumbers(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A verdict made for a block, as the caller's own, `by` lines lower. */
function moved(v: SentenceVerdict, by: number): SentenceVerdict {
  const findings = v.findings.map((f) => ({ ...f, line: f.line + by, endLine: f.endLine + by, ...(f.source ? { source: copy(f.source) } : {}) }));
  return { ...v, line: v.line + by, endLine: v.endLine + by, ...(v.source ? { source: copy(v.source) } : {}), findings };
}

/** A shared quote as the caller's own (callers own their findings). */
function copy(source: FindingSource | undefined): FindingSource | undefined {
  return source && { ...source };
}

/** Whether a sentence gets the `unsupported` note: a sentence of prose, with a few content words, that no source covers. */
function notedUnsupported(result: SentenceResult, block: TextBlock): boolean {
  return result.verdict === 'unsupported' && result.contentWords >= 3 && block.kind !== 'heading';
}

const KIND_NAMES: Record<FindingCode, string> = {
  number: 'Figure differs from the source',
  negation: 'Negation differs from the source',
  modality: 'Certainty overstated',
  quantifier: 'Quantifier overstated',
  procedure: 'Procedure mix-up',
  direction: 'Direction reversed',
  absolute: 'Absolute claim the sources contradict',
  unsupported: 'No vetted source found',
  drift: 'Differs from the source',
};

function message(code: FindingCode, what: string, source?: FindingSource): string {
  const quote = source ? ` Source (${source.title}): "${source.text}"` : '';
  return `${KIND_NAMES[code]}: ${what}.${quote}`;
}

/** Best span: highest coverage; a merged span must clearly beat the best single sentence. */
function chooseBest(spans: readonly Span[]): Span | undefined {
  let bestSingle: Span | undefined;
  let bestPair: Span | undefined;
  const rank = (s: Span) => s.coverage + 0.1 * s.precision;
  const better = (a: Span, b: Span | undefined) => !b || rank(a) > rank(b) + 1e-9 || (Math.abs(rank(a) - rank(b)) <= 1e-9 && a.indices[0] < b.indices[0]);
  for (const s of spans) {
    if (s.indices.length === 1) {
      if (better(s, bestSingle)) bestSingle = s;
    } else if (better(s, bestPair)) bestPair = s;
  }
  if (bestPair && bestPair.gain >= 2 && (!bestSingle || bestPair.coverage >= bestSingle.coverage + 0.08)) return bestPair;
  return bestSingle;
}

/** Issues that name no source of their own cite `indices` (the span the sentence aligned with). */
function withSource(issues: Issue[], indices: number[]): Issue[] {
  return issues.map((i) => (i.source.length ? i : { ...i, source: indices }));
}

/** One issue per kind and place. */
function dedupe(issues: Issue[]): Issue[] {
  const out: Issue[] = [];
  for (const i of issues) {
    if (out.some((o) => o.code === i.code && o.start < i.end && i.start < o.end)) continue;
    out.push(i);
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end || (a.code < b.code ? -1 : 1));
}

/**
 * Lines whose sentences are not checked: the line after
 * `<!-- clinical-check-disable-next-line -->`, the line holding
 * `<!-- clinical-check-disable-line -->`, and everything between
 * `<!-- clinical-check-disable -->` and `<!-- clinical-check-enable -->`.
 */
function suppressedLines(comments: readonly MarkdownComment[], lineCount: number, text: string, lines: LineIndex): Set<number> {
  const out = new Set<number>();
  let disabledFrom: number | undefined;
  const blank = (line: number) => {
    const r = lines.lineRange(line);
    return text.slice(r.start, r.end).trim().length === 0;
  };
  for (const c of comments) {
    const body = c.text.replace(/^<!--|-->$/g, '').trim().toLowerCase();
    // Directives end at a space or the comment's end: "disable" must not swallow "disable-line".
    if (/^clinical-check-disable-next-line(?![\w-])/.test(body)) {
      let next = c.endLine + 1;
      while (next <= lineCount && blank(next)) next++;
      if (next <= lineCount) out.add(next);
    } else if (/^clinical-check-disable-line(?![\w-])/.test(body)) {
      out.add(c.line);
    } else if (/^clinical-check-disable(?![\w-])/.test(body)) {
      disabledFrom ??= c.endLine;
    } else if (/^clinical-check-enable(?![\w-])/.test(body)) {
      if (disabledFrom !== undefined) for (let l = disabledFrom; l <= c.line; l++) out.add(l);
      disabledFrom = undefined;
    }
  }
  if (disabledFrom !== undefined) for (let l = disabledFrom; l <= lineCount; l++) out.add(l);
  return out;
}

/**
 * The throwaway document `warmUp` checks: `sentences` corpus sentences spread
 * over the corpus, in paragraphs of four under a heading, every third one
 * quoted as it is, every third with a slip, every third called risk-free; then
 * one sentence no source supports.
 */
export function warmUpDocument(snippets: readonly Snippet[], sentences: number): string {
  const parts: string[] = ['# Warm-up', ''];
  let paragraph: string[] = [];
  for (let k = 0; k < sentences && snippets.length > 0; k++) {
    const text = snippets[Math.floor((k * snippets.length) / sentences)].text;
    paragraph.push(k % 3 === 0 ? text : k % 3 === 1 ? slipped(text) : text.replace(/[.!?]?$/, ', and it is completely risk-free.'));
    if (paragraph.length === 4 || k === sentences - 1) {
      parts.push(paragraph.join(' '), '');
      paragraph = [];
    }
  }
  parts.push('Parking at the clinic costs four pounds per day.');
  return parts.join('\n');
}

/** A sentence with a writer's slip for `warmUp`: a figure changed, or a hedge made certain. */
function slipped(text: string): string {
  const figure = text.replace(/\d+/, (n) => String(Number(n) + 7));
  return figure !== text ? figure : text.replace(/\b(?:may|can|might)\b/, 'will');
}
