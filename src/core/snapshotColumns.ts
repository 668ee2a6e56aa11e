import type { IndexedDocument } from './corpus';
import type { CachedFile } from './indexCache';
import { Snippet } from './snippet';

// The index cache's big lists as columns: typed arrays and a few strings
// instead of 100,000 objects, which V8 (de)serialises an order of magnitude slower.

export interface PackedSnippets {
  /** All ids concatenated (Latin-1 bytes, or UTF-16 when `idsWide`): one string to read, not 100,000. */
  ids: Uint8Array;
  idsWide: boolean;
  idEnds: Int32Array;
  /**
   * Each distinct text once: those of one-byte characters concatenated in
   * `latin` (Latin-1 bytes), the rest in `wide` (UTF-16). Either becomes a
   * string by one copy, no decoding, and repeated sentences cost nothing.
   * Raw columns rather than strings in the header: Buffer#toString copies a
   * large one out of the V8 heap (an external string), quicker than V8's deserialiser.
   */
  latin: Uint8Array;
  wide: Uint8Array;
  /** Per distinct text: start and end in its pool. */
  textBounds: Int32Array;
  /** Per distinct text: 1 when it is in `wide`. */
  textWide: Uint8Array;
  /** Per snippet: its distinct text. */
  textRef: Int32Array;
  /**
   * Per snippet: its source's file, corpus path and title, as the document
   * that many numbers in (they are its document's), or beyond the documents
   * into `extraFiles`, `extraCorpusPaths`, `extraTitles`. Each string is
   * stored and read once, and shared by the document and its snippets.
   */
  sourceRef: Int32Array;
  extraFiles: string[];
  extraCorpusPaths: string[];
  extraTitles: string[];
  positions: Int32Array;
  procedureSets: (readonly string[])[];
  procedureRef: Int32Array;
  topicSets: (readonly string[])[];
  topicRef: Int32Array;
}

const ONE_BYTE = /^[\x00-\xff]*$/;

/** Numbers distinct keys in first-seen order, keeping the value each first came with. */
class Interner<T> {
  private readonly ids = new Map<string, number>();
  readonly values: T[] = [];

  id(key: string, value: T): number {
    let id = this.ids.get(key);
    if (id === undefined) this.ids.set(key, (id = this.values.push(value) - 1));
    return id;
  }
}

const setKey = (values: readonly string[]) => values.join('\u0000');

function textColumn(text: string, encoding: 'latin1' | 'utf16le'): Uint8Array {
  const bytes = Buffer.from(text, encoding);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const columnText = (bytes: Uint8Array, encoding: 'latin1' | 'utf16le') => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(encoding);
const sourceKey = (file: string, corpusPath: string, title: string) => `${file}\u0000${corpusPath}\u0000${title}`;

/** Snippets in columns: far smaller and faster to (de)serialise than 100,000 objects. `documents` are packed beside them. */
export function packSnippets(snippets: readonly Snippet[], documents: readonly IndexedDocument[]): PackedSnippets {
  const sources = new Interner<{ file: string; corpusPath: string; title: string }>();
  for (const d of documents) sources.id(sourceKey(d.file, d.corpusPath, d.title), d);
  const procedureSets = new Interner<readonly string[]>();
  const topicSets = new Interner<readonly string[]>();
  const texts = new Interner<string>();
  const latin: string[] = [];
  const wide: string[] = [];
  const bounds: number[] = [];
  const textWide: number[] = [];
  let latinEnd = 0;
  let wideEnd = 0;
  const n = snippets.length;
  const ids = snippets.map((s) => s.id).join('');
  const idsWide = !ONE_BYTE.test(ids);
  const packed = {
    ids: textColumn(ids, idsWide ? 'utf16le' : 'latin1'),
    idsWide,
    idEnds: new Int32Array(n),
    textRef: new Int32Array(n),
    sourceRef: new Int32Array(n),
    positions: new Int32Array(n * 4),
    procedureSets: procedureSets.values,
    procedureRef: new Int32Array(n),
    topicSets: topicSets.values,
    topicRef: new Int32Array(n),
  };
  let idEnd = 0;
  snippets.forEach((s, i) => {
    const t = texts.id(s.text, s.text);
    if (t === textWide.length) {
      if (ONE_BYTE.test(s.text)) {
        latin.push(s.text);
        bounds.push(latinEnd, (latinEnd += s.text.length));
        textWide.push(0);
      } else {
        wide.push(s.text);
        bounds.push(wideEnd, (wideEnd += s.text.length));
        textWide.push(1);
      }
    }
    idEnd += s.id.length;
    packed.idEnds[i] = idEnd;
    packed.textRef[i] = t;
    packed.sourceRef[i] = sources.id(sourceKey(s.source.file, s.source.corpusPath, s.source.title), s.source);
    packed.positions.set([s.source.line, s.source.column, s.source.endLine, s.source.endColumn], i * 4);
    packed.procedureRef[i] = procedureSets.id(setKey(s.procedures), s.procedures);
    packed.topicRef[i] = topicSets.id(setKey(s.topics), s.topics);
  });
  const extras = sources.values.slice(documents.length);
  return {
    ...packed,
    extraFiles: extras.map((e) => e.file),
    extraCorpusPaths: extras.map((e) => e.corpusPath),
    extraTitles: extras.map((e) => e.title),
    latin: textColumn(latin.join(''), 'latin1'),
    wide: textColumn(wide.join(''), 'utf16le'),
    textBounds: Int32Array.from(bounds),
    textWide: Uint8Array.from(textWide),
  };
}

/** Snippets back from their columns; throws when the columns do not fit together. */
export function unpackSnippets(p: PackedSnippets, documents: PackedDocuments): Snippet[] {
  const n = p.idEnds.length;
  if (p.textRef.length !== n || p.sourceRef.length !== n || p.positions.length !== 4 * n || p.procedureRef.length !== n || p.topicRef.length !== n) throw new Error('snippet columns differ in length');
  const ids = columnText(p.ids, p.idsWide ? 'utf16le' : 'latin1');
  const latin = columnText(p.latin, 'latin1');
  const wide = columnText(p.wide, 'utf16le');
  if (p.textBounds.length !== 2 * p.textWide.length || (n > 0 && p.idEnds[n - 1] !== ids.length)) throw new Error('snippet columns differ in length');
  const files = documents.files.concat(p.extraFiles);
  const corpusPaths = documents.corpusPaths.concat(p.extraCorpusPaths);
  const titles = documents.titles.concat(p.extraTitles);
  const procedureSets = p.procedureSets.map((set) => Object.freeze(set));
  const topicSets = p.topicSets.map((set) => Object.freeze(set));
  const texts: string[] = new Array(p.textWide.length);
  for (let t = 0; t < texts.length; t++) {
    const pool = p.textWide[t] ? wide : latin;
    const end = p.textBounds[2 * t + 1];
    if (end > pool.length) throw new Error('snippet text out of range');
    texts[t] = pool.slice(p.textBounds[2 * t], end);
  }
  const { idEnds, textRef, sourceRef, positions, procedureRef, topicRef } = p;
  const snippets: Snippet[] = new Array(n);
  let idStart = 0;
  for (let i = 0; i < n; i++) {
    const f = sourceRef[i];
    const text = texts[textRef[i]];
    const procedures = procedureSets[procedureRef[i]];
    const topics = topicSets[topicRef[i]];
    if (text === undefined || files[f] === undefined || procedures === undefined || topics === undefined) throw new Error('snippet column out of range');
    const idEnd = idEnds[i];
    snippets[i] = {
      id: ids.slice(idStart, idEnd),
      text,
      // Snippets with the same tags share one frozen array: 200,000 fewer allocations on a warm start.
      procedures,
      topics,
      source: {
        file: files[f],
        corpusPath: corpusPaths[f],
        title: titles[f],
        line: positions[i * 4],
        column: positions[i * 4 + 1],
        endLine: positions[i * 4 + 2],
        endColumn: positions[i * 4 + 3],
      },
    };
    idStart = idEnd;
  }
  return snippets;
}

export interface PackedDocuments {
  files: string[];
  folders: string[];
  folderRef: Int32Array;
  corpusPaths: string[];
  titles: string[];
  /** 1 for Markdown, 0 for plain text. */
  markdown: Uint8Array;
  /** Front matter, only for the documents that have any: [document, meta]. */
  metas: Array<[number, Record<string, unknown>]>;
  procedureSets: (readonly string[])[];
  procedureRef: Int32Array;
  snippetCounts: Int32Array;
}

export function packDocuments(documents: readonly IndexedDocument[]): PackedDocuments {
  const folders = new Interner<string>();
  const procedureSets = new Interner<readonly string[]>();
  const packed: PackedDocuments = {
    files: documents.map((d) => d.file),
    folders: folders.values,
    folderRef: new Int32Array(documents.length),
    corpusPaths: documents.map((d) => d.corpusPath),
    titles: documents.map((d) => d.title),
    markdown: Uint8Array.from(documents, (d) => (d.format === 'markdown' ? 1 : 0)),
    metas: [],
    procedureSets: procedureSets.values,
    procedureRef: new Int32Array(documents.length),
    snippetCounts: Int32Array.from(documents, (d) => d.snippetCount),
  };
  documents.forEach((d, i) => {
    packed.folderRef[i] = folders.id(d.folder, d.folder);
    packed.procedureRef[i] = procedureSets.id(setKey(d.procedures), d.procedures);
    if (Object.keys(d.meta).length > 0) packed.metas.push([i, d.meta]);
  });
  return packed;
}

export function unpackDocuments(p: PackedDocuments): IndexedDocument[] {
  const n = p.files.length;
  if (p.corpusPaths.length !== n || p.titles.length !== n || p.folderRef.length !== n || p.markdown.length !== n || p.procedureRef.length !== n || p.snippetCounts.length !== n) throw new Error('document columns differ in length');
  const documents: IndexedDocument[] = new Array(n);
  // Documents with the same procedures share one frozen list, as indexing gives them.
  const procedureSets = p.procedureSets.map((set) => Object.freeze(set));
  for (let i = 0; i < n; i++) {
    const folder = p.folders[p.folderRef[i]];
    const procedures = procedureSets[p.procedureRef[i]];
    if (folder === undefined || procedures === undefined) throw new Error('document column out of range');
    documents[i] = {
      file: p.files[i],
      folder,
      corpusPath: p.corpusPaths[i],
      title: p.titles[i],
      format: p.markdown[i] ? 'markdown' : 'text',
      meta: {},
      procedures,
      snippetCount: p.snippetCounts[i],
    };
  }
  for (const [i, meta] of p.metas) {
    if (!documents[i]) throw new Error('document column out of range');
    documents[i].meta = meta;
  }
  return documents;
}

/** The corpus files a snapshot was built from, to tell whether it is still current. */
export interface PackedFiles {
  /**
   * Per file: its path as the document that many numbers in, or, negative,
   * as `paths[-1 - ref]` (the taxonomy and files that were skipped).
   */
  pathRef: Int32Array;
  paths: string[];
  sizes: Float64Array;
  mtimes: Float64Array;
  /** Content hashes joined by newlines ('' for a file that was not read): split only when a file was touched. */
  hashes: string;
}

export function packFiles(files: readonly CachedFile[], documents: readonly IndexedDocument[]): PackedFiles {
  const documentIndex = new Map(documents.map((d, i) => [d.file, i]));
  const paths: string[] = [];
  return {
    pathRef: Int32Array.from(files, (f) => documentIndex.get(f.file) ?? -1 - (paths.push(f.file) - 1)),
    paths,
    sizes: Float64Array.from(files, (f) => f.size),
    mtimes: Float64Array.from(files, (f) => f.mtimeMs),
    hashes: files.map((f) => f.contentHash).join('\n'),
  };
}

/** The files' paths back; throws when the columns do not fit together. */
export function filePaths(p: PackedFiles, documents: PackedDocuments): string[] {
  const n = p.pathRef.length;
  if (p.sizes.length !== n || p.mtimes.length !== n) throw new Error('file columns differ in length');
  const paths: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const ref = p.pathRef[i];
    const file = ref >= 0 ? documents.files[ref] : p.paths[-1 - ref];
    if (file === undefined) throw new Error('file column out of range');
    paths[i] = file;
  }
  return paths;
}
