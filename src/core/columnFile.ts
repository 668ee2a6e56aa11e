import * as v8 from 'node:v8';

/**
 * A file format for records that are mostly typed-array columns: a V8-serialised
 * header, then each column's raw bytes, 8-byte aligned. Reading views the
 * columns in place in the file's buffer instead of copying them out, which is
 * most of the cost of loading a 100,000-sentence index.
 */

const MAGIC = 'CWCF';
const ALIGN = 8;

const COLUMN_TYPES = { Int32Array, Uint8Array, Uint16Array, Uint32Array, Float64Array } as const;
type ColumnType = keyof typeof COLUMN_TYPES;
type Column = InstanceType<(typeof COLUMN_TYPES)[ColumnType]>;

/** Where a column's bytes are, relative to the end of the header. */
interface ColumnPlace {
  record: string;
  key: string;
  type: ColumnType;
  offset: number;
  length: number;
}

interface Header {
  value: Record<string, unknown>;
  columns: ColumnPlace[];
}

const aligned = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

function columnType(value: unknown): ColumnType | undefined {
  if (!ArrayBuffer.isView(value)) return undefined;
  const name = value.constructor.name;
  return name in COLUMN_TYPES ? (name as ColumnType) : undefined;
}

/**
 * Encodes `value`; typed arrays that are direct fields of the records named in
 * `columnRecords` (top-level fields of `value`) become columns.
 */
export function encodeColumnFile(value: Record<string, unknown>, columnRecords: readonly string[]): Buffer {
  const columns: ColumnPlace[] = [];
  const bytes: Uint8Array[] = [];
  const header: Header = { value: { ...value }, columns };
  let offset = 0;
  for (const record of columnRecords) {
    const fields = value[record];
    if (!fields || typeof fields !== 'object') continue;
    const rest: Record<string, unknown> = { ...(fields as Record<string, unknown>) };
    for (const [key, field] of Object.entries(rest)) {
      const type = columnType(field);
      if (!type) continue;
      const column = field as Column;
      columns.push({ record, key, type, offset, length: column.length });
      bytes.push(new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
      offset = aligned(offset + column.byteLength);
      delete rest[key];
    }
    header.value[record] = rest;
  }
  const head = v8.serialize(header);
  const start = aligned(8 + head.length);
  const out = Buffer.alloc(start + offset);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(head.length, 4);
  head.copy(out, 8);
  columns.forEach((c, i) => out.set(bytes[i], start + c.offset));
  return out;
}

/** Decodes a column file; throws when the bytes are not one or are cut short. */
export function decodeColumnFile(bytes: Buffer): Record<string, unknown> {
  if (bytes.length < 8 || bytes.toString('latin1', 0, 4) !== MAGIC) throw new Error('not a column file');
  const headLength = bytes.readUInt32LE(4);
  if (8 + headLength > bytes.length) throw new Error('column file cut short');
  const header = v8.deserialize(bytes.subarray(8, 8 + headLength)) as Header;
  const start = aligned(8 + headLength);
  const value = header.value;
  for (const c of header.columns) {
    const Type = COLUMN_TYPES[c.type];
    if (!Type || !Number.isInteger(c.offset) || !Number.isInteger(c.length) || c.offset < 0 || c.length < 0) throw new Error('malformed column');
    const byteLength = c.length * Type.BYTES_PER_ELEMENT;
    if (start + c.offset + byteLength > bytes.length) throw new Error('column file cut short');
    const at = bytes.byteOffset + start + c.offset;
    const buffer = bytes.buffer as ArrayBuffer;
    // A view needs its element alignment; a buffer that does not give it gets a copy.
    const column = at % Type.BYTES_PER_ELEMENT === 0 ? new Type(buffer, at, c.length) : new Type(buffer.slice(at, at + byteLength));
    const record = value[c.record] as Record<string, unknown> | undefined;
    if (!record || typeof record !== 'object') throw new Error('malformed column');
    record[c.key] = column;
  }
  return value;
}
