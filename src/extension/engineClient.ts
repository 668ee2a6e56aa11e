// The extension host's side of the engine worker: small request/response messages.
// No `vscode` here (bench/stall.ts uses it from plain Node).
import { Worker } from 'node:worker_threads';
import { timed } from './blocking';
import { CheckAnswer, CheckParams, EngineMessage, EngineMethod, EngineMethods, LogLevel } from './engineProtocol';

export class EngineClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly latestCheck = new Map<string, Promise<CheckAnswer | undefined>>();
  private disposed = false;

  constructor(
    private readonly workerFile: string,
    private readonly onProgress: (message: string) => void = () => {},
    private readonly onError: (message: string) => void = () => {},
    private readonly onLog: (level: LogLevel, message: string) => void = () => {},
  ) {}

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerFile, { name: 'clinical-writer-engine' });
    worker.on('message', (message: EngineMessage) => timed(`receive ${message.kind}`, () => this.received(message)));
    const fail = (reason: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      for (const [, waiting] of this.pending) waiting.reject(new Error(reason));
      this.pending.clear();
      if (!this.disposed) this.onError(reason);
    };
    worker.on('error', (error) => fail(`the engine worker failed: ${error.stack ?? error.message}`));
    worker.on('exit', (code) => fail(`the engine worker exited (code ${code})`));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private received(message: EngineMessage): void {
    if (message.kind === 'progress') {
      this.onProgress(message.message);
      return;
    }
    if (message.kind === 'log') {
      this.onLog(message.level, message.message);
      return;
    }
    const waiting = this.pending.get(message.id);
    if (!waiting) return;
    this.pending.delete(message.id);
    if (message.kind === 'result') waiting.resolve(message.result);
    else waiting.reject(new Error(message.message));
  }

  request<M extends EngineMethod>(method: M, params: EngineMethods[M][0]): Promise<EngineMethods[M][1]> {
    if (this.disposed) return Promise.reject(new Error('the engine is shut down'));
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<EngineMethods[M][1]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      timed(`send ${method}`, () => worker.postMessage({ id, method, params }));
    });
  }

  /**
   * Checks a document version. A check overtaken by a newer one for the same key
   * (the worker skips it) resolves to the newer one's answer.
   */
  check(params: CheckParams): Promise<CheckAnswer | undefined> {
    const answer: Promise<CheckAnswer | undefined> = this.request('check', params).then((result) => {
      if (result) return result;
      const newer = this.latestCheck.get(params.key);
      return newer && newer !== answer ? newer : undefined;
    });
    this.latestCheck.set(params.key, answer);
    void answer.finally(() => {
      if (this.latestCheck.get(params.key) === answer) this.latestCheck.delete(params.key);
    }).catch(() => {});
    return answer;
  }

  /** Ends the worker (a new one starts on the next request). */
  async restart(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    for (const [, waiting] of this.pending) waiting.reject(new Error('the engine was restarted'));
    this.pending.clear();
    if (worker) await worker.terminate();
  }

  dispose(): void {
    this.disposed = true;
    void this.restart();
  }
}
