import * as assert from 'node:assert/strict';
import { decodeColumnFile, encodeColumnFile } from '../../src/core/columnFile';

describe('column file', () => {
  const value = () => ({
    format: 7,
    names: ['a', 'b'],
    table: { ints: Int32Array.from([1, -2, 300000]), bytes: Uint8Array.from([7, 8, 9]), label: 'kept', floats: Float64Array.from([0.5, -1e300]) },
    other: { nested: { deep: Int32Array.from([4]) } },
  });

  it('round-trips records, their typed-array columns and untouched fields', () => {
    const decoded = decodeColumnFile(encodeColumnFile(value(), ['table'])) as ReturnType<typeof value>;
    assert.deepEqual(decoded, value());
    assert.ok(decoded.table.ints instanceof Int32Array);
    assert.ok(decoded.table.floats instanceof Float64Array);
  });

  it('views the columns in the file buffer rather than copying them', () => {
    const bytes = encodeColumnFile(value(), ['table']);
    const decoded = decodeColumnFile(bytes) as ReturnType<typeof value>;
    assert.equal(decoded.table.ints.buffer, bytes.buffer);
  });

  it('copies a column whose bytes are not aligned for its type', () => {
    const bytes = encodeColumnFile(value(), ['table']);
    const shifted = Buffer.alloc(bytes.length + 1);
    bytes.copy(shifted, 1);
    const decoded = decodeColumnFile(shifted.subarray(1)) as ReturnType<typeof value>;
    assert.deepEqual(decoded, value());
  });

  it('refuses bytes that are not a column file or are cut short', () => {
    assert.throws(() => decodeColumnFile(Buffer.from('not a column file at all')), /not a column file/);
    const bytes = encodeColumnFile(value(), ['table']);
    assert.throws(() => decodeColumnFile(bytes.subarray(0, bytes.length - 4)), /cut short/);
    assert.throws(() => decodeColumnFile(bytes.subarray(0, 12)), /cut short/);
  });
});
