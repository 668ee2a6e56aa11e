/** The Clinical Writer engine: pure TypeScript, no editor dependency. */
export { loadCorpus, indexCorpusFiles, indexDocument } from './corpus';
export type { Corpus, IndexedDocument, LoadCorpusOptions } from './corpus';
export { readCorpusFolders, decodeText, DEFAULT_READ_LIMITS } from './corpusFiles';
export type { CorpusFile, CorpusMessage, ReadLimits } from './corpusFiles';
export type { Snippet, SnippetSource } from './snippet';
export { snippetId } from './snippet';
export { SnippetSearch, parseQuery } from './search';
export type { SearchResult, SearchOptions, ParsedQuery } from './search';
export { Tagger, parseTaxonomy, mergeTaxonomies } from './taxonomy';
export type { Taxonomy, ProcedureEntry, TopicEntry, ProcedureMention } from './taxonomy';
export { ClaimChecker } from './claims/checker';
export type { DocumentFormat } from './claims/checker';
export type { Finding, FindingCode, FindingSource, Severity } from './claims/finding';
export { LineIndex } from './lineIndex';
export type { Position } from './lineIndex';
export type { SentenceVerdict, Verdict } from './claims/checker';
export { openIndex } from './indexStore';
export type { OpenIndexOptions, OpenedIndex } from './indexStore';
