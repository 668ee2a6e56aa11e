/** 1-based line and column (UTF-16 code units, as editors count them). */
export interface Position {
  line: number;
  column: number;
}

/** Converts offsets in a text to 1-based line/column positions and back. */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    if (!text.includes('\r')) {
      // The usual case, \n only: indexOf finds breaks far faster than a loop over every character.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 10) this.lineStarts.push(i + 1);
      else if (ch === 13 && text.charCodeAt(i + 1) !== 10) this.lineStarts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: clamped - this.lineStarts[lo] + 1 };
  }

  offset(position: Position): number {
    const start = this.lineStarts[Math.max(0, Math.min(position.line - 1, this.lineStarts.length - 1))];
    return Math.min(this.text.length, start + Math.max(0, position.column - 1));
  }

  /** Offsets of the lines that start after `from` and at or before `to`, less `from`. */
  startsWithin(from: number, to: number): number[] {
    const out: number[] = [];
    let line = this.position(from).line; // lineStarts[line] is the next line's start
    for (; line < this.lineStarts.length && this.lineStarts[line] <= to; line++) out.push(this.lineStarts[line] - from);
    return out;
  }

  /** Offset of the start of a 1-based line and of its end (before the line break). */
  lineRange(line: number): { start: number; end: number } {
    const start = this.lineStarts[line - 1];
    let end = line < this.lineStarts.length ? this.lineStarts[line] : this.text.length;
    while (end > start && (this.text[end - 1] === '\n' || this.text[end - 1] === '\r')) end--;
    return { start, end };
  }
}
