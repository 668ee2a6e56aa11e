import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { StallReport, longestStall } from '../../bench/stallProbe';
import { canContendForCpu, runUnderCpuContention } from './cpuContention';

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
    // On the CPU, or ready and waiting for it when another process had it, not asleep. (The
    // kernel brings a running thread's CPU time up to date only now and then: runs here read
    // it up to 60 ms behind at the end of the gap.)
    const gap = run.longestHoldGap;
    assert.equal(run.maxHeldMs, gap.onCpuMs);
    assert.ok(gap.onCpuMs + gap.cpuWaitMs >= 200, `held ${gap.onCpuMs} + waited ${gap.cpuWaitMs}`);
    assert.ok(gap.onCpuMs >= 150, `held ${gap.onCpuMs}`);
    assert.ok(gap.blockedMs < 100, `blocked ${gap.blockedMs}`);
  });

  it('counts time the thread sleeps in a lock as blocked, not held, and says where (Linux)', async function () {
    if (process.platform !== 'linux') this.skip();
    const run = await longestStall(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      // Asleep in futex for 300 ms, as a thread waiting on a lock another thread holds.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
    assert.ok(run.maxStallMs >= 290, `stall ${run.maxStallMs}`);
    assert.ok(run.maxHeldMs < 100, `held ${run.maxHeldMs}`);
    assert.ok(run.maxBlockedMs >= 250, `blocked ${run.maxBlockedMs}`);
    assert.ok(run.longestGap.blockedMs >= 250, `longest gap blocked ${run.longestGap.blockedMs}`);
    if (process.arch === 'x64') assert.match(run.longestGap.blockedIn, /^state S in futex \d+ ms/);
  });

  it('leaves out of the hold the time a ready thread waited for a CPU (Linux)', async function () {
    this.timeout(20000);
    if (!canContendForCpu()) this.skip();
    // The probe's thread is kept waiting, runnable, for 400 ms.
    const run = await runUnderCpuContention<StallReport<unknown>>(
      `const { longestStall } = require(${JSON.stringify(PROBE)});
       process.stdout.write('ready\\n');
       longestStall(() => new Promise((r) => setTimeout(r, 1500))).then((run) => process.stdout.write(JSON.stringify(run) + '\\n'));`,
    );
    assert.ok(run.maxStallMs >= 300, `stall ${run.maxStallMs}`);
    assert.ok(run.longestGap.cpuWaitMs >= 250, `waited ${run.longestGap.cpuWaitMs}`);
    assert.ok(run.maxHeldMs < 100, `held ${run.maxHeldMs}`);
  });
});
