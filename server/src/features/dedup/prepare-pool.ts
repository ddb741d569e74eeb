/**
 * Bulk loads spend about as much time computing (word segmentation, signatures) as writing. A pool of worker threads
 * computes the next batches while the caller writes the current one, so both cores work. Batches come back in the
 * order they were sent. With `workers: 0` everything runs in the calling thread (same results).
 */
import { Worker } from 'node:worker_threads';
import { prepareHistorical, type HistoricalArticle, type PreparedArticle } from './bulk.js';

interface Job {
  resolve(v: PreparedArticle[]): void;
  reject(e: unknown): void;
}

export class PreparePool {
  private workers: Worker[] = [];
  private jobs = new Map<number, Job>();
  private next = 0;
  private failed: Error | undefined;

  constructor(size: number) {
    // From TypeScript sources (tsx, vitest) the worker starts through a small loader; compiled, it starts directly.
    const url = new URL(import.meta.url.endsWith('.ts') ? './prepare-worker-boot.mjs' : './prepare-worker.js', import.meta.url);
    for (let i = 0; i < size; i++) {
      const w = new Worker(url);
      w.on('message', (m: { id: number; ok: boolean; result?: PreparedArticle[]; error?: string }) => {
        const job = this.jobs.get(m.id);
        if (!job) return;
        this.jobs.delete(m.id);
        if (m.ok) job.resolve(m.result!);
        else job.reject(new Error(m.error));
      });
      w.on('error', (e) => this.fail(e));
      this.workers.push(w);
    }
  }

  private fail(e: Error) {
    this.failed = e;
    for (const j of this.jobs.values()) j.reject(e);
    this.jobs.clear();
  }

  /** Computes a batch (in a worker, round robin; in this thread when the pool is empty). */
  prepare(batch: HistoricalArticle[]): Promise<PreparedArticle[]> {
    if (!this.workers.length) return Promise.resolve(batch.map(prepareHistorical));
    if (this.failed) return Promise.reject(this.failed);
    const id = this.next++;
    const w = this.workers[id % this.workers.length]!;
    return new Promise((resolve, reject) => {
      this.jobs.set(id, { resolve, reject });
      w.postMessage({ id, batch });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers = [];
  }
}
