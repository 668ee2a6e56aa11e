import type { SnippetWords } from './corpus';
import { Snippet } from './snippet';
import { Taxonomy } from './taxonomy';
import { WordIndex, WordIndexBuilder, WordIndexData } from './wordIndex';

/** What search matches a snippet's tags by: a procedure's label and aliases, a topic's label and id. */
export function tagNames(taxonomy: Taxonomy): { procedures: Map<string, string>; topics: Map<string, string> } {
  return {
    procedures: new Map(taxonomy.procedures.map((p) => [p.id, [p.label, ...p.aliases].join(' ')])),
    topics: new Map(taxonomy.topics.map((t) => [t.id, `${t.label} ${t.id}`])),
  };
}

/**
 * The word index SnippetSearch builds for snippets: each snippet's text, its
 * procedures' label and aliases, its topics' label and id, read field by field
 * rather than joined into one string per snippet.
 */
export class SnippetWordIndexBuilder {
  private readonly builder = new WordIndexBuilder();
  private readonly names: ReturnType<typeof tagNames>;

  constructor(taxonomy: Taxonomy) {
    this.names = tagNames(taxonomy);
  }

  /** Adds a snippet; `words` are its text's words if the tagger has read them already. */
  add(snippet: Snippet, words?: SnippetWords): void {
    if (words) this.builder.addWords(words.ids, words.table);
    else this.builder.add(snippet.text);
    for (const id of snippet.procedures) this.builder.addRecurring(this.names.procedures.get(id) ?? id);
    for (const id of snippet.topics) this.builder.addRecurring(this.names.topics.get(id) ?? id);
    this.builder.endDocument();
  }

  finish(): WordIndexData {
    return this.builder.finish();
  }
}

/** The word index SnippetSearch would build for these snippets. */
export function snippetWordIndex(snippets: readonly Snippet[], taxonomy: Taxonomy): WordIndex {
  const builder = new SnippetWordIndexBuilder(taxonomy);
  for (const s of snippets) builder.add(s);
  return WordIndex.fromData(builder.finish());
}

