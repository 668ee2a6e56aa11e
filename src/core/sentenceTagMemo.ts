import type { SentenceTags, Tagger } from './taxonomy';
import { TagLists } from './tagLists';
import type { WordTable } from './words';

/** A sentence's tags as shared frozen lists (see TagLists). */
export type SharedTags = { readonly [K in keyof SentenceTags]: readonly string[] };

/** A sentence's tags and its words as the tagger read them (ids in its word table). */
export interface TaggedSentence {
  tags: SharedTags;
  words: { ids: readonly number[]; table: WordTable };
}

/**
 * Tags each distinct sentence text once per indexing run. Libraries repeat
 * sentences (shared templates, standard warnings, a leaflet in several
 * editions) and tagging is the largest part of indexing, so a repeat costs one
 * map lookup. Tags depend on the text alone; context (the paragraph's or the
 * document's procedures) is applied afterwards, per occurrence.
 */
export class SentenceTagMemo {
  private readonly known = new Map<string, TaggedSentence>();

  /** `limit`: most texts remembered; past it the memo starts afresh (bounded memory on huge corpora). */
  constructor(
    private readonly tagger: Tagger,
    private readonly limit = 200_000,
    /** Where tag lists are shared (the indexing run's, so its section and document lists join them). */
    readonly lists = new TagLists(),
  ) {}

  /** The tags and words of a sentence; the result is shared between repeats, and its tag lists are frozen. */
  tag(text: string): TaggedSentence {
    let tagged = this.known.get(text);
    if (tagged === undefined) {
      tagged = this.tagAnew(text);
      if (this.known.size >= this.limit) this.known.clear();
      this.known.set(text, tagged);
    }
    return tagged;
  }

  // Texts numbered by another thread, from `numberBase` on (see tagNumbered).
  private numbered: TaggedSentence[] = [];
  private numberBase = 0;

  /**
   * `tag` for a text another thread has numbered, one number for each distinct text,
   * new ones in order (see SplitPacker): a repeat is found by its number, with no
   * hashing or comparing of its text.
   */
  tagNumbered(number: number, text: string): TaggedSentence {
    const k = number - this.numberBase;
    if (k >= 0 && k < this.numbered.length) return this.numbered[k];
    const tagged = this.tagAnew(text);
    if (k === this.numbered.length) {
      if (k >= this.limit) {
        this.numberBase = number;
        this.numbered = [];
      }
      this.numbered.push(tagged);
    }
    return tagged;
  }

  private tagAnew(text: string): TaggedSentence {
    const found = this.tagger.tagSentence(text);
    // Shared frozen lists: snippets take them as they are (no copy per snippet).
    const tags = { subjects: this.lists.of(found.subjects), contrasts: this.lists.of(found.contrasts), topics: this.lists.of(found.topics) };
    return { tags, words: this.tagger.lastWords() };
  }
}
