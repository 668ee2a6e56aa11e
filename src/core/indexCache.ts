import { statSync } from 'node:fs';
import { decodeColumnFile, encodeColumnFile } from './columnFile';
import { Corpus, IndexedDocument } from './corpus';
import { hash53 } from './hash';
import { CorpusMessage } from './corpusFiles';
import { Snippet } from './snippet';
import { Taxonomy } from './taxonomy';
import { WordIndexData } from './wordIndex';

/** Bump when the index layout or the cleaning/tagging rules change: old caches are then ignored. */
export const INDEX_FORMAT = 7;

/** A corpus file as the cache remembers it. */
export interface CachedFile {
  file: string;
  size: number;
  mtimeMs: number;
  /** Hash of the file's contents: the cache's real key. */
  contentHash: string;
}

/** Everything needed to answer searches and checks without re-reading the corpus. */
export interface IndexSnapshot {
  format: number;
  /** The folders and taxonomy file the index was built from. */
  sources: string[];
  files: CachedFile[];
  corpus: Corpus;
  words?: WordIndexData;
}

/** A fast hash of a file's contents (the length seeds it, so equal prefixes differ). */
export function contentHash(text: string): string {
  return hash53(text, text.length).toString(36);
}

/** Stats a file for the cache record; undefined when it is gone. */
export function statFile(file: string): { size: number; mtimeMs: number } | undefined {
  try {
    const stat = statSync(file);
    return { size: stat.size, mtimeMs: stat.mtimeMs };
  } catch {
    return undefined;
  }
}

interface PackedSnippets {
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

/** Snippets in columns: far smaller and faster to (de)serialise than 100,000 objects. */
function packSnippets(snippets: readonly Snippet[]): PackedSnippets {
  const fileIds = new Map<string, number>();
  const files: string[] = [];
  const titles: string[] = [];
  const corpusPaths: string[] = [];
  const setIds = new Map<string, number>();
  const procedureSets: string[][] = [];
  const topicSets: string[][] = [];
  const topicIds = new Map<string, number>();
  const textIds = new Map<string, number>();
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
    files,
    corpusPaths,
    positions: new Int32Array(n * 4),
    procedureSets,
    procedureRef: new Int32Array(n),
    topicSets,
    topicRef: new Int32Array(n),
  };
  const ref = (map: Map<string, number>, sets: string[][], values: string[]) => {
    const key = values.join('\u0000');
    let id = map.get(key);
    if (id === undefined) {
      id = sets.length;
      map.set(key, id);
      sets.push(values);
    }
    return id;
  };
  let idEnd = 0;
  snippets.forEach((s, i) => {
    let f = fileIds.get(s.source.file);
    if (f === undefined) {
      f = files.length;
      fileIds.set(s.source.file, f);
      files.push(s.source.file);
      titles.push(s.source.title);
      corpusPaths.push(s.source.corpusPath);
    }
    let t = textIds.get(s.text);
    if (t === undefined) {
      t = textWide.length;
      textIds.set(s.text, t);
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
    packed.procedureRef[i] = ref(setIds, procedureSets, s.procedures);
    packed.topicRef[i] = ref(topicIds, topicSets, s.topics);
  });
  // Texts sliced from a file holding any wider character are stored two bytes per character even when
  // their own are all one-byte: re-encode the pool so V8 writes it one byte per character.
  return { ...packed, latin: Buffer.from(latin.join(''), 'latin1').toString('latin1'), wide: wide.join(''), textBounds: Int32Array.from(bounds), textWide: Uint8Array.from(textWide) };
}

function unpackSnippets(p: PackedSnippets): Snippet[] {
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

interface SerializedSnapshot {
  format: number;
  sources: string[];
  files: CachedFile[];
  taxonomy: Taxonomy;
  documents: IndexedDocument[];
  messages: CorpusMessage[];
  snippets: PackedSnippets;
  words?: WordIndexData;
}

/** Serialises an index snapshot to bytes (a column file: the big typed arrays are read back in place). */
export function serializeSnapshot(snapshot: IndexSnapshot): Buffer {
  const data: SerializedSnapshot = {
    format: snapshot.format,
    sources: snapshot.sources,
    files: snapshot.files,
    taxonomy: snapshot.corpus.taxonomy,
    documents: snapshot.corpus.documents,
    messages: snapshot.corpus.messages,
    snippets: packSnippets(snapshot.corpus.snippets),
    words: snapshot.words,
  };
  return encodeColumnFile(data as unknown as Record<string, unknown>, ['snippets', 'words']);
}

/** Reads a snapshot back; undefined when the bytes are not a snapshot of this format. */
export function deserializeSnapshot(bytes: Buffer): IndexSnapshot | undefined {
  let data: SerializedSnapshot;
  try {
    data = decodeColumnFile(bytes) as unknown as SerializedSnapshot;
  } catch {
    return undefined;
  }
  if (!data || data.format !== INDEX_FORMAT) return undefined;
  try {
    const corpus: Corpus = { taxonomy: data.taxonomy, documents: data.documents, messages: data.messages, snippets: unpackSnippets(data.snippets) };
    return { format: data.format, sources: data.sources, files: data.files, corpus, words: data.words };
  } catch {
    return undefined; // damaged columns: rebuild
  }
}

/**
 * Whether a snapshot still matches the files on disk: the same files, and each
 * either unchanged in size and time or, if touched, unchanged in content.
 */
export function snapshotIsCurrent(snapshot: IndexSnapshot, currentFiles: readonly string[], readText: (file: string) => string | undefined): boolean {
  if (currentFiles.length !== snapshot.files.length) return false;
  const byFile = new Map(snapshot.files.map((f) => [f.file, f]));
  for (const file of currentFiles) {
    const cached = byFile.get(file);
    if (!cached) return false;
    const stat = statFile(file);
    if (!stat) return false;
    if (stat.size === cached.size && stat.mtimeMs === cached.mtimeMs) continue;
    const text = readText(file);
    if (text === undefined || contentHash(text) !== cached.contentHash) return false;
  }
  return true;
}
