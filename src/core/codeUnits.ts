import { endianness } from 'node:os';

// Buffer#write('utf16le') writes little-endian code units: read through a Uint16Array, they
// are the text's own only on a little-endian machine (every platform VS Code runs on).
const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * A reused buffer holding a text's UTF-16 code units. Sentences are usually slices of their
 * paragraph, and V8 reads a slice's characters with charCodeAt at about 5.5 ns each, while
 * copying them out (Buffer#write, a memory copy) and reading the copy takes about 2: a win for
 * any loop over a text's characters, more so one that reads them more than once.
 */
export class CodeUnitBuffer {
  private units = new Uint16Array(256);
  private bytes = Buffer.from(this.units.buffer);

  /** The text's code units: text.charCodeAt(i) at i, for i < text.length (overwritten by the next call). */
  of(text: string): Uint16Array {
    if (text.length > this.units.length) {
      // A rare long text (a whole document) gets an array of its own: kept, it would hold its size for good.
      if (text.length > MAX_KEPT) return copy(text, new Uint16Array(text.length));
      this.units = new Uint16Array(Math.min(text.length * 2, MAX_KEPT));
      this.bytes = Buffer.from(this.units.buffer);
    }
    return copy(text, this.units, this.bytes);
  }
}

/** Longest buffer kept between calls, in code units (128 KB). */
const MAX_KEPT = 1 << 16;

function copy(text: string, units: Uint16Array, bytes = Buffer.from(units.buffer, units.byteOffset, units.byteLength)): Uint16Array {
  if (LITTLE_ENDIAN) bytes.write(text, 0, 'utf16le');
  else for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  return units;
}
