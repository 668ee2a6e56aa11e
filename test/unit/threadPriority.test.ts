import * as assert from 'node:assert/strict';
import { getPriority } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

describe('background thread priority', () => {
  it('a worker lowers its own priority (on Linux) and leaves the thread that started it alone', async () => {
    const module = path.join(__dirname, '..', '..', 'src', 'core', 'threadPriority.js');
    const before = getPriority();
    const code = `
      const { getPriority } = require('node:os');
      const { lowerThisThreadsPriority } = require(${JSON.stringify(module)});
      const before = getPriority();
      lowerThisThreadsPriority(10);
      require('node:worker_threads').parentPort.postMessage({ before, after: getPriority() });`;
    const seen = await new Promise<{ before: number; after: number }>((resolve, reject) => {
      const worker = new Worker(code, { eval: true });
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    if (process.platform === 'linux') assert.equal(seen.after, Math.max(seen.before, 10));
    else assert.equal(seen.after, seen.before);
    assert.equal(getPriority(), before, 'the starting thread keeps its priority');
  });
});
