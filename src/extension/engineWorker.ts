// Worker thread entry (bundled to dist/engineWorker.js): owns the corpus, the search and
// the claim checker so indexing and checking never run on the extension host's thread.
// Requests are answered in order, except that those answered from the corpus alone go
// before waiting checks and hovers (see nextRequest); a check superseded by a newer check
// of the same document while it waited is answered `undefined` without running. With
// nothing waiting, the worker warms up the search and makes the claim checker of a newly
// loaded corpus.
import { parentPort } from 'node:worker_threads';
import { lowerThisThreadsPriority } from '../core/threadPriority';
import { Engine } from './engine';
import { CheckParams, EngineMessage, EngineRequest, nextRequest } from './engineProtocol';

const port = parentPort;
if (!port) throw new Error('engineWorker.js must run as a worker thread');
// Indexing 100,000 sentences keeps this thread busy for seconds: the extension host's thread comes first.
lowerThisThreadsPriority();

const post = (message: EngineMessage) => port.postMessage(message);
const engine = new Engine(
  (message) => post({ kind: 'progress', message }),
  (level, message) => post({ kind: 'log', level, message }),
);
const queue: EngineRequest[] = [];
let draining = false;

async function handle(request: EngineRequest): Promise<unknown> {
  switch (request.method) {
    case 'load':
      return engine.load(request.params as EngineRequest<'load'>['params']);
    case 'search':
      return engine.search(request.params as EngineRequest<'search'>['params']);
    case 'check':
      return engine.check(request.params as CheckParams);
    case 'explain':
      return engine.explain(request.params as EngineRequest<'explain'>['params']);
    case 'snippet':
      return engine.snippet(request.params as EngineRequest<'snippet'>['params']);
    case 'snippets':
      return engine.snippets();
    case 'treeRoots':
      return engine.treeRoots();
    case 'treeSnippets':
      return engine.treeSnippets(request.params as EngineRequest<'treeSnippets'>['params']);
    case 'procedureSummary':
      return engine.procedureSummary(request.params as EngineRequest<'procedureSummary'>['params']);
    default:
      throw new Error(`unknown engine request ${String((request as EngineRequest).method)}`);
  }
}

function superseded(request: EngineRequest): boolean {
  if (request.method !== 'check') return false;
  const key = (request.params as CheckParams).key;
  return queue.some((later) => later.method === 'check' && (later.params as CheckParams).key === key);
}

async function drain(): Promise<void> {
  if (draining) return;
  draining = true;
  try {
    while (queue.length > 0) {
      const request = queue.splice(nextRequest(queue), 1)[0];
      if (superseded(request)) {
        post({ kind: 'result', id: request.id, result: undefined });
        continue;
      }
      try {
        post({ kind: 'result', id: request.id, result: await handle(request) });
      } catch (error) {
        post({ kind: 'error', id: request.id, message: (error as Error)?.message ?? String(error) });
      }
      // Let messages that arrived meanwhile join the queue (so superseded checks are skipped).
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    draining = false;
  }
  whenIdle();
}

/**
 * How long no request must arrive before the worker prepares ahead of requests: the editor
 * answers a load with requests of its own (the tree, the status bar, checks of open
 * documents), and those that need no checker should not wait seconds behind it.
 */
const QUIET_MS = 250;
let idleTimer: NodeJS.Timeout | undefined;

/**
 * After `delay` with no request, does what a load left for later (`Engine.prepare`), a piece
 * at a time: a request that arrives between pieces goes first.
 */
function whenIdle(delay = QUIET_MS): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    idleTimer = undefined;
    if (draining || queue.length > 0) return; // drain calls this again when it is done
    let more = false;
    try {
      more = engine.prepare();
    } catch (error) {
      post({ kind: 'log', level: 'warning', message: `could not prepare the engine ahead of requests: ${(error as Error)?.message ?? String(error)}` });
    }
    if (more) whenIdle(0);
  }, delay);
}

port.on('message', (request: EngineRequest) => {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = undefined;
  queue.push(request);
  void drain();
});
