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
      this.units = new Uint16Array(text.length * 2);
      this.bytes = Buffer.from(this.units.buffer);
    }
    if (LITTLE_ENDIAN) this.bytes.write(text, 0, 'utf16le');
    else for (let i = 0; i < text.length; i++) this.units[i] = text.charCodeAt(i);
    return this.units;
  }
}
