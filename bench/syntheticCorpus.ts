import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Snippet } from '../src/core/snippet';
import { pick, seededRandom } from './random';

const PROCEDURE_SWAPS = ['discectomy', 'laminectomy', 'foraminotomy', 'spinal fusion', 'disc replacement', 'TLIF', 'LLIF', 'decompression', 'endoscopic spine surgery', 'minimally invasive surgery'];
const PROCEDURE_WORD = /\b(discectomy|laminectomy|foraminotomy|spinal fusion|fusion|disc replacement|decompression|TLIF|LLIF)\b/i;
const CLAUSES = [
  'in most published series',
  'according to recent reviews',
  'for carefully selected patients',
  'in experienced hands',
  'at specialist spine centres',
  'when combined with rehabilitation',
  'in older adults',
  'after conservative care has failed',
];

/**
 * Writes a synthetic corpus of about `sentences` sentences across many
 * documents by recombining and lightly varying the seed sentences: swapped
 * procedures, changed numbers, added clauses. Deterministic for a seed.
 */
export function writeSyntheticCorpus(dir: string, seedSnippets: readonly Snippet[], sentences: number, seed = 42): { documents: number } {
  const random = seededRandom(seed);
  const perDocument = 25;
  const documents = Math.ceil(sentences / perDocument);
  mkdirSync(dir, { recursive: true });
  let written = 0;
  for (let d = 0; d < documents; d++) {
    const lines = [`Patient Information Sheet ${d + 1}`];
    let paragraph: string[] = [];
    for (let i = 0; i < perDocument && written < sentences; i++, written++) {
      let text = pick(random, seedSnippets).text;
      const roll = random();
      if (roll < 0.3 && PROCEDURE_WORD.test(text)) text = text.replace(PROCEDURE_WORD, pick(random, PROCEDURE_SWAPS));
      else if (roll < 0.5) text = text.replace(/\d+/, () => String(2 + Math.floor(random() * 95)));
      else if (roll < 0.7) text = text.replace(/[.!?]$/, `, ${pick(random, CLAUSES)}.`);
      paragraph.push(text);
      if (paragraph.length >= 3 + Math.floor(random() * 4)) {
        lines.push(paragraph.join(' '));
        paragraph = [];
      }
    }
    if (paragraph.length) lines.push(paragraph.join(' '));
    const folder = path.join(dir, `section-${String(Math.floor(d / 200)).padStart(3, '0')}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, `doc-${String(d).padStart(5, '0')}.txt`), lines.join('\n') + '\n');
  }
  return { documents };
}
