const utf8 = new TextEncoder();

/**
 * A reused byte buffer for reading an all-ASCII text's characters. Sentences are usually
 * slices of their paragraph, and V8 reads a slice's characters with charCodeAt about three
 * times slower than a byte array (7.3 against 2.5 ns a character), while copying them out
 * with TextEncoder takes 1.3 ns: a win for any loop that reads a text's characters more
 * than once or does little per character.
 */
export class AsciiBuffer {
  private bytes = new Uint8Array(256);

  /** The text's characters as bytes (overwritten by the next call) when every one is ASCII, else undefined. */
  of(text: string): Uint8Array | undefined {
    if (text.length > this.bytes.length) this.bytes = new Uint8Array(text.length * 2);
    const { read, written } = utf8.encodeInto(text, this.bytes);
    // UTF-8 is one byte a character exactly when every character is ASCII.
    return read === text.length && written === read ? this.bytes : undefined;
  }
}
