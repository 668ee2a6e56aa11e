/**
 * Lists of procedure or topic ids, frozen and shared: equal lists are one
 * array. A large corpus's 100,000 snippets have a few hundred distinct lists,
 * so sharing them spares the collector 200,000 arrays, and passing snippets
 * between threads numbers each list once.
 */
export class TagLists {
  private readonly byKey = new Map<string, readonly string[]>();

  /** The shared frozen list equal to `ids`. */
  of(ids: readonly string[]): readonly string[] {
    if (ids.length === 0) return NO_TAGS;
    // The length first, so that ids joined cannot pass for a list of another length.
    const key = ids.length === 1 ? `1\u0000${ids[0]}` : `${ids.length}\u0000${ids.join('\u0000')}`;
    let list = this.byKey.get(key);
    if (list === undefined) this.byKey.set(key, (list = Object.freeze([...ids])));
    return list;
  }
}

/** The one empty list. */
const NO_TAGS: readonly string[] = Object.freeze([]);
