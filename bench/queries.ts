import { Snippet } from '../src/core/snippet';
import { pick, seededRandom } from './random';

const STOP = new Set('the a an of and or to in on for with by is are be can may that which this these those from as at it its their his her was were has have had not no such into than more most also other'.split(' '));

/** One typo the way fingers make them: a dropped, doubled, swapped or wrong letter. */
function typo(word: string, random: () => number): string {
  if (word.length < 4) return word;
  const i = 1 + Math.floor(random() * (word.length - 2));
  const kind = Math.floor(random() * 4);
  if (kind === 0) return word.slice(0, i) + word.slice(i + 1);
  if (kind === 1) return word.slice(0, i) + word[i] + word.slice(i);
  if (kind === 2) return word.slice(0, i - 1) + word[i] + word[i - 1] + word.slice(i + 1);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  return word.slice(0, i) + pick(random, letters.split('')) + word.slice(i + 1);
}

export interface BenchQuery {
  query: string;
  /** The snippet the writer is looking for. */
  target: string;
}

/**
 * Queries typed the way a writer types: 1-4 distinctive words of a real
 * snippet, some misspelt, some cut short.
 */
export function makeQueries(snippets: readonly Snippet[], count: number, seed = 7): BenchQuery[] {
  const random = seededRandom(seed);
  const queries: BenchQuery[] = [];
  while (queries.length < count) {
    const snippet = pick(random, snippets);
    const words = snippet.text.match(/[\p{L}\p{N}%-]+/gu)?.filter((w) => !STOP.has(w.toLowerCase()) && w.length > 2) ?? [];
    if (words.length < 2) continue;
    const n = 1 + Math.floor(random() * 4);
    const start = Math.floor(random() * Math.max(1, words.length - n));
    const chosen = words.slice(start, start + n).map((w) => {
      const r = random();
      if (r < 0.35) return typo(w.toLowerCase(), random);
      if (r < 0.5 && w.length > 6) return w.slice(0, Math.ceil(w.length * 0.7)).toLowerCase();
      return w.toLowerCase();
    });
    queries.push({ query: chosen.join(' '), target: snippet.id });
  }
  return queries;
}
