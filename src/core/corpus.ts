import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CorpusFile, CorpusMessage, DEFAULT_READ_LIMITS, ListedFile, ReadLimits, listCorpusFolders, readListedFiles } from './corpusFiles';
import { contentHash } from './hash';
import { DocumentInfo, SplitDocument, splitDocument } from './documentSplit';
import { Snippet } from './snippet';
import { SentenceTagMemo, SharedTags } from './sentenceTagMemo';
import { Tagger, Taxonomy, mergeTaxonomies, parseTaxonomy } from './taxonomy';
import { SnippetWordIndexBuilder } from './snippetWordIndex';
import { WordIndex, WordIndexData } from './wordIndex';
import { WordTable } from './words';
import { SplitWorker, indexListedInParallel } from './parallelIndex';

/** The words of a snippet's text as the tagger read them: ids in its word table. */
export interface SnippetWords {
  ids: readonly number[];
  table: WordTable;
}

/** A source document as indexed. */
export interface IndexedDocument extends DocumentInfo {
  /** Procedures the document as a whole is about (from its title, else its most-named). */
  procedures: readonly string[];
  snippetCount: number;
}

/** The indexed corpus: every vetted sentence, in document order. */
export interface Corpus {
  snippets: Snippet[];
  documents: IndexedDocument[];
  taxonomy: Taxonomy;
  messages: CorpusMessage[];
}

/**
 * The procedures each sentence is about, in order with repeats (for `mostNamed`). A small
 * function with index loops: profiled at 100,000 sentences, the same nested for-of loops
 * inside indexDocument (a large function V8 optimises late) cost about three times as much.
 */
function subjectsOf(roles: readonly SharedTags[]): string[] {
  const ids: string[] = [];
  for (let r = 0; r < roles.length; r++) {
    const subjects = roles[r].subjects;
    for (let k = 0; k < subjects.length; k++) ids.push(subjects[k]);
  }
  return ids;
}

function mostNamed(ids: string[]): string[] {
  if (ids.length === 0) return [];
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  const best = Math.max(...counts.values());
  return [ids.find((id) => counts.get(id) === best)!];
}

/**
 * Snippets of a paragraph, sentences [first, first + count) of its document:
 * procedures from the sentence's own mentions, else the nearest sentence before
 * that names one, else the nearest after, else `context` (the section's or the
 * document's).
 */
function addSnippets(split: SplitDocument, first: number, count: number, roles: readonly SharedTags[], context: readonly string[], snippets: Snippet[]): void {
  const { texts, ids, positions } = split;
  const end = first + count;
  for (let i = first; i < end; i++) {
    let procedures = roles[i].subjects;
    if (procedures.length === 0) {
      let near = i - 1;
      while (near >= first && roles[near].subjects.length === 0) near--;
      if (near < first) for (near = i + 1; near < end && roles[near].subjects.length === 0; near++);
      const nearest = near >= first && near < end ? roles[near].subjects : context;
      // A sentence that only compares against a procedure is about its context.
      procedures = nearest.length > 0 ? nearest : roles[i].contrasts;
    }
    snippets.push({
      id: ids[i],
      text: texts[i],
      // Shared frozen lists (see TagLists), as a warm load gives: a copy per snippet was
      // 200,000 arrays more for the collector on a large corpus.
      procedures,
      topics: roles[i].topics,
      source: {
        file: split.file,
        corpusPath: split.corpusPath,
        title: split.title,
        line: positions[i * 4],
        column: positions[i * 4 + 1],
        endLine: positions[i * 4 + 2],
        endColumn: positions[i * 4 + 3],
      },
    });
  }
}

/**
 * Tags a split document's sentences and makes its snippets: procedures from the
 * sentence's own words, else the nearest mention in its paragraph or section,
 * else the document; topics from cue words.
 */
export function assembleDocument(split: SplitDocument, tagger: Tagger, memo: SentenceTagMemo): { document: IndexedDocument; snippets: Snippet[]; words: SnippetWords[] } {
  // Tag every sentence once; paragraph and document context derive from these.
  const { texts, blocks, headings, textNumbers } = split;
  const words: SnippetWords[] = [];
  const roles: SharedTags[] = [];
  const numbered = textNumbers.length > 0;
  for (let k = 0; k < texts.length; k++) {
    const tagged = numbered ? memo.tagNumbered(textNumbers[k], texts[k]) : memo.tag(texts[k]);
    roles.push(tagged.tags);
    words.push(tagged.words);
  }
  const titleProcedures = tagger.procedures(split.title);
  const bodyMentions = subjectsOf(roles);
  const specificMentions = bodyMentions.filter((id) => !tagger.procedure(id)?.general);
  const documentProcedures = memo.lists.of(titleProcedures.length > 0 ? titleProcedures : mostNamed(specificMentions.length ? specificMentions : bodyMentions));

  const snippets: Snippet[] = [];
  let sectionProcedures: readonly string[] = [];
  for (let k = 0, heading = 0, sentence = 0; k < blocks.length; k++) {
    if (blocks[k] < 0) sectionProcedures = memo.lists.of(tagger.procedures(headings[heading++]));
    else {
      addSnippets(split, sentence, blocks[k], roles, sectionProcedures.length ? sectionProcedures : documentProcedures, snippets);
      sentence += blocks[k];
    }
  }
  const document: IndexedDocument = {
    file: split.file,
    folder: split.folder,
    corpusPath: split.corpusPath,
    title: split.title,
    format: split.format,
    meta: split.meta,
    procedures: documentProcedures,
    snippetCount: snippets.length,
  };
  return { document, snippets, words };
}

/**
 * Indexes one document: cleaned sentences with provenance, procedures from the
 * sentence's own words, else the nearest mention in its paragraph or section,
 * else the document; topics from cue words.
 */
export function indexDocument(
  file: CorpusFile,
  tagger: Tagger,
  memo: SentenceTagMemo = new SentenceTagMemo(tagger),
): { document: IndexedDocument; snippets: Snippet[]; words: SnippetWords[] } {
  return assembleDocument(splitDocument(file), tagger, memo);
}

/** Indexes files already in memory; a file that fails is reported and skipped. */
export function indexCorpusFiles(files: readonly CorpusFile[], taxonomy: Taxonomy): Corpus {
  const { snippets, documents, messages } = indexFileRun(files, taxonomy, false);
  return { snippets, documents, taxonomy, messages };
}

/** A run of consecutive files indexed, with the word index of its snippets. */
export interface IndexedRun {
  snippets: Snippet[];
  documents: IndexedDocument[];
  messages: CorpusMessage[];
  words?: WordIndexData;
}

/**
 * Indexes documents into a run, in order: whole files, or files split
 * elsewhere (another thread; see parallelIndex); with `words`, also the
 * snippets' word index, as the search indexes them (see snippetWordIndex).
 */
export class RunIndexer {
  private readonly tagger: Tagger;
  private readonly memo: SentenceTagMemo;
  private readonly builder: SnippetWordIndexBuilder | undefined;
  private readonly run: IndexedRun = { snippets: [], documents: [], messages: [] };

  constructor(taxonomy: Taxonomy, words: boolean) {
    this.tagger = new Tagger(taxonomy);
    this.memo = new SentenceTagMemo(this.tagger);
    this.builder = words ? new SnippetWordIndexBuilder(taxonomy) : undefined;
  }

  /** Indexes a file; one that fails is reported and skipped. */
  addFile(file: CorpusFile): void {
    let split: SplitDocument;
    try {
      split = splitDocument(file);
    } catch (error) {
      return this.skipped(file.file, (error as Error).message);
    }
    this.addSplit(split);
  }

  /** Indexes a split document; one that fails is reported and skipped. */
  addSplit(split: SplitDocument): void {
    const { run, builder } = this;
    let assembled: ReturnType<typeof assembleDocument>;
    try {
      assembled = assembleDocument(split, this.tagger, this.memo);
    } catch (error) {
      return this.skipped(split.file, (error as Error).message);
    }
    const { document, snippets, words } = assembled;
    if (snippets.length === 0) run.messages.push({ file: split.file, level: 'info', message: 'no sentences found (empty document)' });
    run.documents.push(document);
    for (let i = 0; i < snippets.length; i++) {
      run.snippets.push(snippets[i]);
      builder?.add(snippets[i], words[i]);
    }
  }

  /** Reports a file that could not be indexed (here or where it was split). */
  skipped(file: string, reason: string): void {
    this.run.messages.push({ file, level: 'warning', message: `skipped: ${reason}` });
  }

  finish(): IndexedRun {
    if (this.builder) this.run.words = this.builder.finish();
    return this.run;
  }
}

/**
 * Indexes consecutive files; with `words`, also their snippets' word index,
 * as the search indexes them (see snippetWordIndex).
 */
export function indexFileRun(files: readonly CorpusFile[], taxonomy: Taxonomy, words: boolean): IndexedRun {
  const indexer = new RunIndexer(taxonomy, words);
  for (const file of files) indexer.addFile(file);
  return indexer.finish();
}

export interface LoadCorpusOptions {
  /** Corpus folders, in order (the bundled one first when wanted). */
  folders: readonly string[];
  /** The base taxonomy (the bundled corpus/taxonomy.json). */
  taxonomyFile: string;
  limits?: Partial<ReadLimits>;
  /**
   * Index a large corpus in two threads (default false: it only pays when a
   * core is idle, and on a busy two-core machine it was slower); the result is
   * the same either way.
   */
  parallel?: boolean;
}

async function readTaxonomy(file: string, text?: string): Promise<Taxonomy> {
  const raw = text ?? (await fs.readFile(file, 'utf8'));
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new Error(`invalid JSON: ${(error as Error).message}`);
  }
  return parseTaxonomy(json);
}

/** A corpus built from files, with the content hashes of the files it read (for the index cache). */
export interface BuiltCorpus {
  corpus: Corpus;
  /** File → content hash of what was read, documents and taxonomies (empty unless asked for). */
  contentHashes: Map<string, string>;
  /** The word index SnippetSearch would build for the snippets (pass it in to skip that). */
  words: WordIndex;
}

/**
 * Reads, cleans, splits and tags listed files; folder taxonomies layer over the
 * base one. A `worker` started earlier is used when the corpus is large enough
 * (see indexListedInParallel) and released either way.
 */
export async function buildCorpus(
  listed: readonly ListedFile[],
  listingMessages: readonly CorpusMessage[],
  options: LoadCorpusOptions,
  hashContents = false,
  worker?: SplitWorker,
): Promise<BuiltCorpus> {
  const limits = { ...DEFAULT_READ_LIMITS, ...options.limits };
  let taxonomy = await readTaxonomy(options.taxonomyFile);
  // Taxonomies first: tagging needs them; documents are read where they are indexed.
  const { taxonomyFiles, messages: taxonomyMessages } = readListedFiles(
    listed.filter((f) => f.kind === 'taxonomy'),
    limits,
  );
  const ignored: CorpusMessage[] = [];
  const baseTaxonomy = path.resolve(options.taxonomyFile);
  for (const extra of taxonomyFiles) {
    if (path.resolve(extra.file) === baseTaxonomy) continue;
    try {
      taxonomy = mergeTaxonomies(taxonomy, await readTaxonomy(extra.file, extra.text));
    } catch (error) {
      ignored.push({ file: extra.file, level: 'warning', message: `taxonomy ignored: ${(error as Error).message}` });
    }
  }
  const run = await indexListedInParallel(
    listed.filter((f) => f.kind === 'document'),
    taxonomy,
    limits,
    { parallel: options.parallel ?? false, hashContents, worker },
  );
  const readMessages = inListedOrder(listed, taxonomyMessages.concat(run.readMessages));
  const corpus: Corpus = { snippets: run.snippets, documents: run.documents, taxonomy, messages: [...listingMessages, ...readMessages, ...ignored, ...run.messages] };
  const contentHashes = new Map(run.contentHashes);
  if (hashContents) for (const f of taxonomyFiles) contentHashes.set(f.file, contentHash(f.text));
  return { corpus, contentHashes, words: WordIndex.fromData(run.words) };
}

/** Messages about listed files in the order the files were listed (a stable sort: one file may have several). */
function inListedOrder(listed: readonly ListedFile[], messages: CorpusMessage[]): CorpusMessage[] {
  if (messages.length < 2) return messages;
  const order = new Map(listed.map((f, i) => [f.file, i]));
  return messages.sort((a, b) => (order.get(a.file) ?? -1) - (order.get(b.file) ?? -1));
}

/** Reads, cleans, splits and tags every document under the given folders. */
export async function loadCorpus(options: LoadCorpusOptions): Promise<Corpus> {
  // A large corpus's worker starts up while the rest is listed (see SplitWorker).
  const early = options.parallel ? SplitWorker.whenLarge() : undefined;
  try {
    const listing = await listCorpusFolders(options.folders, { ...DEFAULT_READ_LIMITS, ...options.limits }, early?.listed);
    return (await buildCorpus(listing.files, listing.messages, options, false, early?.worker)).corpus;
  } finally {
    early?.worker?.release();
  }
}
