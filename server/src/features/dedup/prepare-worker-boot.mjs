// Entry of a PreparePool worker when the server runs from its TypeScript sources: load them through tsx.
import { register } from 'tsx/esm/api';

register();
await import('./prepare-worker.ts');
