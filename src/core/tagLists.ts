/**
 * Lists of procedure or topic ids, frozen and shared: equal lists are one
 * array. A large corpus's 100,000 snippets have a few hundred distinct lists,
 * so sharing them spares the collector 200,000 arrays, and passing snippets
 * between threads numbers each list once.
 */
export class TagLists {
  // A trie by id: each step looks up one of the tagger's own id strings, whose hashes V8 already
  // knows. Keying lists by their ids joined built and hashed a new string for every list.
  private readonly root: TrieNode = {};

  /** The shared frozen list equal to `ids`. */
  of(ids: readonly string[]): readonly string[] {
    if (ids.length === 0) return NO_TAGS;
    let node = this.root;
    for (let k = 0; k < ids.length; k++) {
      const next = (node.next ??= new Map());
      let child = next.get(ids[k]);
      if (child === undefined) next.set(ids[k], (child = {}));
      node = child;
    }
    return (node.list ??= Object.freeze(ids.slice()));
  }
}

interface TrieNode {
  /** The list that ends here, once asked for. */
  list?: readonly string[];
  next?: Map<string, TrieNode>;
}

/** The one empty list. */
const NO_TAGS: readonly string[] = Object.freeze([]);
