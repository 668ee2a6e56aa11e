import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Snippet } from '../src/core/snippet';
import { pick, seededRandom } from './random';

const PROCEDURE_SWAPS = ['discectomy', 'laminectomy', 'foraminotomy', 'spinal fusion', 'disc replacement', 'TLIF', 'LLIF', 'decompression', 'endoscopic spine surgery', 'minimally invasive surgery'];
const PROCEDURE_WORD = /\b(discectomy|laminectomy|foraminotomy|spinal fusion|fusion|disc replacement|decompression|TLIF|LLIF)\b/i;
const CLAUSES = [
  'in most published series', 'according to recent reviews', 'for carefully selected patients', 'in experienced hands',
  'at specialist spine centres', 'when combined with rehabilitation', 'in older adults', 'after conservative care has failed',
  'in younger patients', 'in people who smoke', 'after a second operation', 'in the first year', 'at two-year follow-up',
  'in national registry data', 'in randomised trials', 'in observational studies', 'for single-level disease',
  'for multi-level disease', 'in patients with diabetes', 'in athletes', 'in day-case units', 'at teaching hospitals',
  'in community hospitals', 'with modern instrumentation',
];
const OPENERS = ['In general', 'Overall', 'In practice', 'For many people', 'Typically', 'As a rule', 'In our experience', 'Broadly', 'Importantly', 'In short', 'By and large', 'Clinically'];
const WORD_SWAPS: Array<[RegExp, string[]]> = [
  [/\bpatients\b/, ['people', 'adults', 'individuals']],
  [/\bsignificant\b/, ['considerable', 'marked', 'substantial']],
  [/\bmay\b/, ['might', 'can', 'could']],
  [/\bpain\b/, ['discomfort', 'back pain', 'leg pain']],
  [/\bsurgery\b/, ['an operation', 'the operation', 'surgical treatment']],
  [/\bimprove\b/, ['enhance', 'better']],
  [/\brisks\b/, ['hazards', 'dangers']],
  [/\brecovery\b/, ['rehabilitation', 'healing']],
];

/** Recombines and lightly varies a seed sentence so that most generated sentences are distinct. */
function vary(text: string, other: string, random: () => number): string {
  let out = text;
  // Recombination: this sentence's opening clause with another's ending.
  const comma = out.indexOf(', ');
  const otherComma = other.indexOf(', ');
  if (random() < 0.35 && comma > 0 && otherComma > 0) out = out.slice(0, comma) + other.slice(otherComma);
  if (random() < 0.4 && PROCEDURE_WORD.test(out)) out = out.replace(PROCEDURE_WORD, pick(random, PROCEDURE_SWAPS));
  if (random() < 0.5 && /\d+/.test(out)) out = out.replace(/\d+/, () => String(2 + Math.floor(random() * 95)));
  for (const [pattern, options] of WORD_SWAPS) if (random() < 0.25 && pattern.test(out)) out = out.replace(pattern, pick(random, options));
  if (random() < 0.5) out = `${pick(random, OPENERS)}, ${out[0].toLowerCase()}${out.slice(1)}`;
  if (random() < 0.8) out = out.replace(/[.!?]$/, `, ${pick(random, CLAUSES)}.`);
  return out;
}

/**
 * Writes a synthetic corpus of about `sentences` sentences across many
 * documents by recombining and lightly varying the seed sentences: clauses of
 * two sentences joined, swapped procedures, numbers and words, added clauses.
 * Most sentences come out distinct. Deterministic for a seed.
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
      const text = pick(random, seedSnippets).text;
      // A fifth stay verbatim (as real libraries repeat vetted wording); the rest are varied.
      paragraph.push(random() < 0.2 ? text : vary(text, pick(random, seedSnippets).text, random));
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
