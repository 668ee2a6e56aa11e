import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { takeLongestBlock, timed } from '../../src/extension/blocking';
import { canContendForCpu, runUnderCpuContention } from './cpuContention';

const BLOCKING = path.join(__dirname, '..', '..', 'src', 'extension', 'blocking.js');

function busy(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // hold the thread
  }
}

describe('own synchronous work (extension host hooks)', () => {
  it('remembers the longest run and what it was, and resets when read', () => {
    takeLongestBlock();
    timed('short', () => busy(5));
    assert.equal(timed('long', () => (busy(80), 42)), 42);
    timed('short again', () => busy(5));
    const longest = takeLongestBlock();
    assert.equal(longest.what, 'long');
    // Less any time another process had the CPU meanwhile: well over the 5 ms runs all the same.
    assert.ok(longest.ms >= 30 && longest.ms <= 200, `${longest.ms}`);
    assert.deepEqual(takeLongestBlock(), { ms: 0, what: '' });
  });

  it('leaves out the time the thread waited, ready, for a CPU (Linux)', async function () {
    this.timeout(20000);
    if (!canContendForCpu()) this.skip();
    // The timed work is kept waiting, runnable, for 400 ms (and the busy loop's start-up).
    const { wall, own } = await runUnderCpuContention<{ wall: number; own: { ms: number; what: string } }>(
      `const { timed, takeLongestBlock } = require(${JSON.stringify(BLOCKING)});
       takeLongestBlock();
       process.stdout.write('ready\\n');
       const started = Date.now();
       timed('spin', () => { const end = Date.now() + 800; while (Date.now() < end); });
       const wall = Date.now() - started;
       process.stdout.write(JSON.stringify({ wall, own: takeLongestBlock() }) + '\\n');`,
    );
    assert.equal(own.what, 'spin');
    assert.ok(wall >= 790, `wall ${wall}`);
    assert.ok(own.ms <= wall - 250, `own ${own.ms} of ${wall} ms`);
    assert.ok(own.ms >= 100, `own ${own.ms}`);
  });
});
