import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { longestStall } from '../../bench/stallProbe';

const PROBE = path.join(__dirname, '..', '..', 'bench', 'stallProbe.js');

function busy(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // hold the thread
  }
}

describe('stall probe', () => {
  it('counts time the thread itself is held as both a stall and a hold', async () => {
    const run = await longestStall(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      busy(300);
      await new Promise((resolve) => setTimeout(resolve, 20));
      return 1;
    });
    assert.equal(run.value, 1);
    assert.ok(run.maxStallMs >= 290, `stall ${run.maxStallMs}`);
    assert.ok(run.maxHeldMs >= 290, `held ${run.maxHeldMs}`);
  });

  it('leaves out of the hold the time a ready thread waited for a CPU (Linux)', async function () {
    this.timeout(20000);
    // A real-time busy loop pinned to the probe's CPU keeps the probe's thread waiting,
    // runnable, for 400 ms. Needs Linux, taskset and permission for SCHED_FIFO.
    const can = spawnSync('taskset', ['-c', '0', 'chrt', '-f', '10', 'true']);
    if (process.platform !== 'linux' || can.status !== 0) this.skip();
    const probe = spawn('taskset', [
      '-c', '0', process.execPath, '-e',
      `const { longestStall } = require(${JSON.stringify(PROBE)});
       process.stdout.write('ready\\n');
       longestStall(() => new Promise((r) => setTimeout(r, 1500))).then((run) => process.stdout.write(JSON.stringify(run) + '\\n'));`,
    ]);
    let out = '';
    probe.stdout.on('data', (chunk) => (out += chunk));
    await new Promise<void>((resolve) => probe.stdout.once('data', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Ends by itself: nothing else on that CPU runs while it spins.
    spawnSync('taskset', ['-c', '0', 'chrt', '-f', '10', process.execPath, '-e', 'const end = Date.now() + 400; while (Date.now() < end);']);
    await new Promise((resolve) => probe.on('close', resolve));
    const run = JSON.parse(out.trim().split('\n').pop()!);
    assert.ok(run.maxStallMs >= 300, `stall ${run.maxStallMs}`);
    assert.ok(run.longestGapCpuWaitMs >= 250, `waited ${run.longestGapCpuWaitMs}`);
    assert.ok(run.maxHeldMs < 100, `held ${run.maxHeldMs}`);
  });
});
