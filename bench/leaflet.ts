import { Snippet } from '../src/core/snippet';
import { pick, seededRandom } from './random';

const UNSUPPORTED = [
  'Please bring a list of your current medicines to the pre-assessment clinic.',
  'Parking at the hospital costs four pounds per day.',
  'Cataract surgery replaces the cloudy lens of the eye with a clear artificial lens.',
  'Keep the wound dressing dry for the first five days.',
  'Our phone lines are open from nine in the morning until five in the afternoon.',
  'Carpal tunnel release relieves pressure on a nerve in the wrist.',
];

/** Turns a faithful sentence into one that disagrees with its source, the ways writers slip. */
function distort(text: string, random: () => number): string {
  const edits: Array<(t: string) => string> = [
    (t) => t.replace(/\d+/, (n) => String(Number(n) + 15)),
    (t) => t.replace(/\bmay\b/, 'will'),
    (t) => t.replace(/\bcan\b/, 'always'),
    (t) => t.replace(/\bsome\b/, 'all'),
    (t) => t.replace(/\bmany\b/, 'all'),
    (t) => t.replace(/\bincrease\b/, 'reduce'),
    (t) => t.replace(/\bshorter\b/, 'longer'),
    (t) => t.replace(/\bis not\b/, 'is'),
  ];
  for (let i = 0; i < edits.length; i++) {
    const changed = pick(random, edits)(text);
    if (changed !== text) return changed;
  }
  return text.replace(/\.$/, ' and is completely risk-free.');
}

/**
 * A leaflet-like Markdown document of `sentences` sentences: mostly faithful
 * quotes, some distorted, some unsupported, in paragraphs under headings.
 */
export function makeLeaflet(snippets: readonly Snippet[], sentences: number, seed = 11): string {
  const random = seededRandom(seed);
  const lines = ['# Your back operation', ''];
  let paragraph: string[] = [];
  for (let i = 0; i < sentences; i++) {
    const roll = random();
    const source = pick(random, snippets).text;
    paragraph.push(roll < 0.6 ? source : roll < 0.85 ? distort(source, random) : pick(random, UNSUPPORTED));
    if (paragraph.length === 5) {
      lines.push(paragraph.join(' '), '');
      paragraph = [];
      if (i % 50 === 49) lines.push(`## Section ${Math.floor(i / 50) + 2}`, '');
    }
  }
  if (paragraph.length) lines.push(paragraph.join(' '), '');
  return lines.join('\n');
}
