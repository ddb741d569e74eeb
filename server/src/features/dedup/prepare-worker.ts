/** Worker thread of PreparePool: computes batches of historical articles. */
import { parentPort } from 'node:worker_threads';
import { prepareHistorical, type HistoricalArticle } from './bulk.js';

parentPort!.on('message', ({ id, batch }: { id: number; batch: HistoricalArticle[] }) => {
  try {
    parentPort!.postMessage({ id, ok: true, result: batch.map(prepareHistorical) });
  } catch (e) {
    parentPort!.postMessage({ id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});
