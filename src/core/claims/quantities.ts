import { Token, canonicalStem } from './text';

/** A figure stated in a sentence, as an interval in a base unit (days for durations). */
export interface Quantity {
  /** 'percent', 'duration', 'money' or 'count:<unit stem>'. */
  cls: string;
  lo: number;
  hi: number;
  /** Fuzzy wording ("a few", "several", "lengthy"): compared by overlap, not equality. */
  vague: boolean;
  approx: boolean;
  /** Character range in the sentence. */
  start: number;
  end: number;
}

const WORD_NUMBERS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20, thirty: 30,
  forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, hundred: 100, dozen: 12, single: 1, both: 2,
};
const DURATION_DAYS: Record<string, number> = {
  minute: 1 / 1440, minutes: 1 / 1440, hour: 1 / 24, hours: 1 / 24, day: 1, days: 1, night: 1, nights: 1, week: 7, weeks: 7,
  fortnight: 14, month: 30, months: 30, year: 365, years: 365,
};
const APPROX = new Set(['about', 'around', 'approximately', 'roughly', 'nearly', 'almost', 'some', 'circa', 'approx', 'estimated']);
const LOWER_OPEN = new Set(['within', 'under', 'below', 'upto']);
const UNIT_SKIP = new Set(['of', 'the', 'a', 'an', 'more', 'additional', 'extra', 'separate', 'adjacent', 'affected', 'different']);

interface Num {
  lo: number;
  hi: number;
  vague: boolean;
  next: number;
}

/** The word at `i`, '' past either end: bounds checked, not read out of range, which made V8 discard its optimised code mid-check. */
function word(tokens: readonly Token[], i: number): string {
  return i >= 0 && i < tokens.length ? tokens[i].word : '';
}

function isUnitWord(w: string): boolean {
  return w in DURATION_DAYS || w === '%' || w === 'percent' || w === 'level' || w === 'levels';
}

/** Reads a number at token i: digits, number words, "a few", "several", "a couple of", "a"/"an" before a unit. */
function readNumber(tokens: readonly Token[], i: number): Num | undefined {
  const w = word(tokens, i);
  if (!w) return undefined;
  if (/^\d+(?:[.,]\d+)*$/.test(w)) {
    const value = Number(w.replace(/,(?=\d{3}\b)/g, '').replace(',', '.'));
    if (!Number.isFinite(value)) return undefined;
    return { lo: value, hi: value, vague: false, next: i + 1 };
  }
  if (w === 'a' || w === 'an') {
    const n = word(tokens, i + 1);
    if (n === 'few') return { lo: 2, hi: 4, vague: true, next: i + 2 };
    if (n === 'couple') return { lo: 2, hi: 3, vague: true, next: word(tokens, i + 2) === 'of' ? i + 3 : i + 2 };
    if (n === 'dozen') return { lo: 12, hi: 12, vague: false, next: i + 2 };
    if (n in DURATION_DAYS) return { lo: 1, hi: 1, vague: false, next: i + 1 };
    return undefined;
  }
  if (w === 'few') return { lo: 2, hi: 4, vague: true, next: i + 1 };
  if (w === 'several') return { lo: 3, hi: 7, vague: true, next: i + 1 };
  if (w === 'single') {
    const n = word(tokens, i + 1) === '-' ? word(tokens, i + 2) : word(tokens, i + 1);
    return n === 'level' || n === 'levels' || n in DURATION_DAYS ? { lo: 1, hi: 1, vague: false, next: i + 1 } : undefined;
  }
  if (w in WORD_NUMBERS) {
    if (word(tokens, i + 1) === 'of' && w === 'one') return undefined; // "one of the ..."
    return { lo: WORD_NUMBERS[w], hi: WORD_NUMBERS[w], vague: false, next: i + 1 };
  }
  return undefined;
}

interface Unit {
  cls: string;
  factor: number;
  next: number;
}

function readUnit(tokens: readonly Token[], i: number, allowNoun: boolean): Unit | undefined {
  let j = i;
  if (word(tokens, j) === '-') j++;
  const w = word(tokens, j);
  if (w === '%') return { cls: 'percent', factor: 1, next: j + 1 };
  if (w === 'percent') return { cls: 'percent', factor: 1, next: j + 1 };
  if (w === 'per' && word(tokens, j + 1) === 'cent') return { cls: 'percent', factor: 1, next: j + 2 };
  if (w in DURATION_DAYS) return { cls: 'duration', factor: DURATION_DAYS[w], next: j + 1 };
  if (!allowNoun) return undefined;
  // A count of something: the next noun, skipping a few function words ("two or more of the vertebrae").
  let k = j;
  for (let skipped = 0; skipped < 3 && UNIT_SKIP.has(word(tokens, k)); skipped++) k++;
  const t = k < tokens.length ? tokens[k] : undefined;
  if (!t || t.punct || !t.content || /^\d/.test(t.word)) return undefined;
  return { cls: `count:${canonicalStem(t.word)}`, factor: 1, next: k + 1 };
}

/** Finds the figures a sentence states, including vague ones ("a few days", "lengthy recovery", "high success rates"). */
export function extractQuantities(tokens: readonly Token[]): Quantity[] {
  const out: Quantity[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const money = tokens[i].word === '£' || tokens[i].word === '$' || tokens[i].word === '€';
    const first = readNumber(tokens, money ? i + 1 : i);
    if (!first) {
      const qualitative = readQualitative(tokens, i);
      if (qualitative) out.push(qualitative);
      continue;
    }
    // Modifiers before the number.
    let approx = false;
    let openLow = false;
    let openHigh = false;
    for (let b = i - 1; b >= Math.max(0, i - 3); b--) {
      const w = word(tokens, b);
      if (APPROX.has(w)) approx = true;
      else if (LOWER_OPEN.has(w) || (w === 'to' && word(tokens, b - 1) === 'up') || (w === 'than' && /^(less|fewer)$/.test(word(tokens, b - 1)))) openLow = true;
      else if ((w === 'least' && word(tokens, b - 1) === 'at') || (w === 'than' && /^(more|greater)$/.test(word(tokens, b - 1))) || w === 'over') openHigh = true;
      else if (!/^(only|just|between|from|exactly|up|at|more|less|than|fewer|greater|a|an|of|for|in|take|takes|last|lasts)$/.test(w)) break;
    }
    let j = money ? first.next : first.next;
    const unit1 = money ? { cls: 'money', factor: 1, next: j } : readUnit(tokens, j, false);
    if (unit1) j = unit1.next;
    let second: Num | undefined;
    let unit2: Unit | undefined;
    let orMore = false;
    const conn = word(tokens, j);
    if (conn === '-' || conn === 'to' || conn === 'or' || conn === 'and') {
      const m = word(tokens, j + 1);
      if ((conn === 'or' || conn === 'and') && (m === 'more' || m === 'older' || m === 'over' || m === 'above')) {
        orMore = true;
        j += 2;
      } else if ((conn === 'or' || conn === 'and') && (m === 'fewer' || m === 'less' || m === 'under')) {
        openLow = true;
        j += 2;
      } else {
        const k = tokens[j + 1]?.word === '£' || tokens[j + 1]?.word === '$' || tokens[j + 1]?.word === '€' ? j + 2 : j + 1;
        const n2 = readNumber(tokens, k);
        if (n2 && (conn !== 'and' || /^(between|from)$/.test(word(tokens, i - 1)) || /^(between|from)$/.test(word(tokens, i - 2)))) {
          second = n2;
          j = n2.next;
          unit2 = readUnit(tokens, j, !unit1);
          if (unit2) j = unit2.next;
        }
      }
    } else if (word(tokens, j) === '+') {
      orMore = true;
      j++;
    }
    const unit = money ? unit1 : (unit2 ?? unit1 ?? readUnit(tokens, j, true));
    if (!unit) continue;
    if (!unit2 && !unit1 && unit.next) j = unit.next;
    const f1 = unit1?.factor ?? unit.factor;
    const f2 = unit2?.factor ?? unit.factor;
    let lo = first.lo * f1;
    let hi = (second ? second.hi : first.hi) * (second ? f2 : f1);
    if (orMore || openHigh) hi = Infinity;
    if (openLow) lo = 0;
    if (lo > hi) [lo, hi] = [hi, lo];
    const startTok = money ? i : i;
    out.push({
      cls: unit.cls,
      lo,
      hi,
      vague: first.vague || (second?.vague ?? false),
      approx,
      start: tokens[startTok].start,
      end: tokens[Math.max(startTok, Math.min(j, tokens.length) - 1)].end,
    });
    i = Math.max(i, j - 1);
  }
  return out;
}

const LONG_WORDS = new Set(['lengthy', 'long', 'longer', 'prolonged', 'extended', 'protracted']);
const TIME_HEADS = new Set(['recovery', 'period', 'time', 'times', 'rehabilitation', 'stay', 'stays', 'process', 'healing', 'convalescence']);
const RATE_HEADS = new Set(['rate', 'rates', 'success']);

/** Wording that implies a range: "lengthy recovery" (a month or more), "over time", "high success rates", "the majority". */
function readQualitative(tokens: readonly Token[], i: number): Quantity | undefined {
  const w = word(tokens, i);
  const at = (cls: string, lo: number, hi: number, end: number): Quantity => ({
    cls,
    lo,
    hi,
    vague: true,
    approx: true,
    start: tokens[i].start,
    end: tokens[end].end,
  });
  if (LONG_WORDS.has(w)) {
    for (let k = i + 1; k <= i + 2 && k < tokens.length; k++) if (TIME_HEADS.has(word(tokens, k))) return at('duration', 30, Infinity, k);
  }
  if (w === 'over' && word(tokens, i + 1) === 'time') return at('duration', 14, Infinity, i + 1);
  if (w === 'high' || w === 'low') {
    for (let k = i + 1; k <= i + 2 && k < tokens.length; k++) {
      if (RATE_HEADS.has(word(tokens, k))) {
        const end = RATE_HEADS.has(word(tokens, k + 1)) ? k + 1 : k;
        return w === 'high' ? at('percent', 60, 100, end) : at('percent', 0, 40, end);
      }
    }
  }
  if (w === 'majority') return at('percent', 50, 100, i);
  if (w === 'minority') return at('percent', 0, 50, i);
  return undefined;
}

function close(a: number, b: number, tolerance: number): boolean {
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b), 1e-9);
}

/** Whether two stated figures say the same thing. */
export function sameQuantity(a: Quantity, b: Quantity): boolean {
  if (a.cls !== b.cls) return false;
  if (a.vague || b.vague) {
    const slack = 0.15;
    return a.lo <= b.hi * (1 + slack) && b.lo <= a.hi * (1 + slack);
  }
  const tolerance = a.approx || b.approx ? 0.12 : 0.05;
  return close(a.lo, b.lo, tolerance) && close(a.hi, b.hi, tolerance);
}
