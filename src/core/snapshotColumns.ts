import type { IndexedDocument } from './corpus';
import type { CachedFile } from './indexCache';
import { Snippet } from './snippet';

// The index cache's big lists as columns: typed arrays and a few strings
// instead of 100,000 objects, which V8 (de)serialises an order of magnitude slower.

export interface PackedSnippets {
  /** All ids concatenated into one string: one string to (de)serialise, not 100,000. */
  ids: string;
  idEnds: Int32Array;
  /**
   * Each distinct text once: those of one-byte characters concatenated in
   * `latin`, the rest in `wide`. V8 copies one-byte strings byte for byte, so
   * no decoding pass, and repeated sentences cost nothing.
   */
  latin: string;
  wide: string;
  /** Per distinct text: start and end in its pool. */
  textBounds: Int32Array;
  /** Per distinct text: 1 when it is in `wide`. */
  textWide: Uint8Array;
  /** Per snippet: its distinct text. */
  textRef: Int32Array;
  fileIndex: Int32Array;
  titles: string[];
  files: string[];
  corpusPaths: string[];
  positions: Int32Array;
  procedureSets: string[][];
  procedureRef: Int32Array;
  topicSets: string[][];
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

/** Snippets in columns: far smaller and faster to (de)serialise than 100,000 objects. */
export function packSnippets(snippets: readonly Snippet[]): PackedSnippets {
  const files = new Interner<string>();
  const titles: string[] = [];
  const corpusPaths: string[] = [];
  const procedureSets = new Interner<string[]>();
  const topicSets = new Interner<string[]>();
  const texts = new Interner<string>();
  const latin: string[] = [];
  const wide: string[] = [];
  const bounds: number[] = [];
  const textWide: number[] = [];
  let latinEnd = 0;
  let wideEnd = 0;
  const n = snippets.length;
  const packed = {
    ids: snippets.map((s) => s.id).join(''),
    idEnds: new Int32Array(n),
    textRef: new Int32Array(n),
    fileIndex: new Int32Array(n),
    titles,
    files: files.values,
    corpusPaths,
    positions: new Int32Array(n * 4),
    procedureSets: procedureSets.values,
    procedureRef: new Int32Array(n),
    topicSets: topicSets.values,
    topicRef: new Int32Array(n),
  };
  let idEnd = 0;
  snippets.forEach((s, i) => {
    const f = files.id(s.source.file, s.source.file);
    if (f === titles.length) {
      titles.push(s.source.title);
      corpusPaths.push(s.source.corpusPath);
    }
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
    packed.fileIndex[i] = f;
    packed.positions.set([s.source.line, s.source.column, s.source.endLine, s.source.endColumn], i * 4);
    packed.procedureRef[i] = procedureSets.id(setKey(s.procedures), s.procedures);
    packed.topicRef[i] = topicSets.id(setKey(s.topics), s.topics);
  });
  // Texts sliced from a file holding any wider character are stored two bytes per character even when
  // their own are all one-byte: re-encode the pool so V8 writes it one byte per character.
  return { ...packed, latin: Buffer.from(latin.join(''), 'latin1').toString('latin1'), wide: wide.join(''), textBounds: Int32Array.from(bounds), textWide: Uint8Array.from(textWide) };
}

export function unpackSnippets(p: PackedSnippets): Snippet[] {
  const n = p.idEnds.length;
  const snippets: Snippet[] = new Array(n);
  const procedureSets = p.procedureSets.map((set) => Object.freeze(set) as string[]);
  const topicSets = p.topicSets.map((set) => Object.freeze(set) as string[]);
  const texts: string[] = new Array(p.textWide.length);
  for (let t = 0; t < texts.length; t++) texts[t] = (p.textWide[t] ? p.wide : p.latin).slice(p.textBounds[2 * t], p.textBounds[2 * t + 1]);
  for (let i = 0; i < n; i++) {
    const f = p.fileIndex[i];
    const text = texts[p.textRef[i]];
    if (text === undefined) throw new Error('snippet text out of range');
    snippets[i] = {
      id: p.ids.slice(i === 0 ? 0 : p.idEnds[i - 1], p.idEnds[i]),
      text,
      // Snippets with the same tags share one frozen array: 200,000 fewer allocations on a warm start.
      procedures: procedureSets[p.procedureRef[i]],
      topics: topicSets[p.topicRef[i]],
      source: {
        file: p.files[f],
        corpusPath: p.corpusPaths[f],
        title: p.titles[f],
        line: p.positions[i * 4],
        column: p.positions[i * 4 + 1],
        endLine: p.positions[i * 4 + 2],
        endColumn: p.positions[i * 4 + 3],
      },
    };
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
  procedureSets: string[][];
  procedureRef: Int32Array;
  snippetCounts: Int32Array;
}

export function packDocuments(documents: readonly IndexedDocument[]): PackedDocuments {
  const folders = new Interner<string>();
  const procedureSets = new Interner<string[]>();
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
  const documents: IndexedDocument[] = new Array(p.files.length);
  for (let i = 0; i < documents.length; i++) {
    const folder = p.folders[p.folderRef[i]];
    const procedures = p.procedureSets[p.procedureRef[i]];
    if (folder === undefined || procedures === undefined) throw new Error('document column out of range');
    documents[i] = {
      file: p.files[i],
      folder,
      corpusPath: p.corpusPaths[i],
      title: p.titles[i],
      format: p.markdown[i] ? 'markdown' : 'text',
      meta: {},
      procedures: [...procedures],
      snippetCount: p.snippetCounts[i],
    };
  }
  for (const [i, meta] of p.metas) documents[i].meta = meta;
  return documents;
}

export interface PackedFiles {
  files: string[];
  sizes: Float64Array;
  mtimes: Float64Array;
  hashes: string[];
}

export const packFiles = (files: readonly CachedFile[]): PackedFiles => ({
  files: files.map((f) => f.file),
  sizes: Float64Array.from(files, (f) => f.size),
  mtimes: Float64Array.from(files, (f) => f.mtimeMs),
  hashes: files.map((f) => f.contentHash),
});

export const unpackFiles = (p: PackedFiles): CachedFile[] => p.files.map((file, i) => ({ file, size: p.sizes[i], mtimeMs: p.mtimes[i], contentHash: p.hashes[i] }));
