/**
 * A minimal streaming tar (ustar) writer and reader, gzip-compressed: the backup archive is an ordinary .tar.gz that
 * `tar tzf` can list. Entries are written one after another; neither side holds more than one entry in memory.
 */
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import zlib from 'node:zlib';

const BLOCK = 512;

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, size: number, mtime: Date): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  if (nameBytes.length > 100) throw new Error(`tar entry name too long: ${name}`);
  if (size > 0o77777777777) throw new Error(`tar entry too large: ${name}`);
  const h = Buffer.alloc(BLOCK);
  nameBytes.copy(h, 0);
  h.write(octal(0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 'ascii');
  h.write('        ', 148, 'ascii'); // checksum field counts as spaces
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return h;
}

export interface ArchiveWriter {
  add(name: string, data: Buffer | string): Promise<void>;
  /** Writes the end-of-archive marker and flushes the compressor. */
  finish(): Promise<void>;
}

/** Writes a .tar.gz to `out` (left open for the caller to end, or ended by finish when endOut is true). */
export function tarGzWriter(out: Writable): ArchiveWriter {
  const gz = zlib.createGzip({ level: 6 });
  gz.pipe(out);
  const mtime = new Date();
  const write = async (b: Buffer) => {
    if (!gz.write(b)) await once(gz, 'drain');
  };
  return {
    async add(name, data) {
      const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      await write(header(name, buf.length, mtime));
      await write(buf);
      const pad = (BLOCK - (buf.length % BLOCK)) % BLOCK;
      if (pad) await write(Buffer.alloc(pad));
    },
    async finish() {
      await write(Buffer.alloc(BLOCK * 2));
      const done = once(out, 'finish');
      gz.end();
      await done;
    },
  };
}

export interface ArchiveEntry {
  name: string;
  data: Buffer;
}

export class ArchiveFormatError extends Error {}

/** Reads the entries of a .tar.gz stream in order. */
export async function* tarGzEntries(input: Readable): AsyncGenerator<ArchiveEntry> {
  const gunzip = zlib.createGunzip();
  input.on('error', (e) => gunzip.destroy(e));
  input.pipe(gunzip);
  let chunks: Buffer[] = [];
  let buffered = 0;
  const take = (n: number): Buffer => {
    const all = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    chunks = rest.length ? [rest] : [];
    buffered = rest.length;
    return Buffer.from(out);
  };
  const iter = gunzip[Symbol.asyncIterator]();
  const fill = async (n: number): Promise<boolean> => {
    while (buffered < n) {
      let r: IteratorResult<Buffer>;
      try {
        r = await iter.next();
      } catch (e) {
        throw new ArchiveFormatError(`the file is not a readable backup archive (${(e as Error).message})`);
      }
      if (r.done) return false;
      chunks.push(r.value);
      buffered += r.value.length;
    }
    return true;
  };
  for (;;) {
    if (!(await fill(BLOCK))) throw new ArchiveFormatError('the archive ends early (truncated file?)');
    const h = take(BLOCK);
    if (h.every((b) => b === 0)) return; // end marker
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
    const stored = Number.parseInt(h.toString('ascii', 148, 156).replace(/[\0 ]/g, ''), 8);
    if (stored !== sum) throw new ArchiveFormatError('the file is not a backup archive (bad tar header)');
    const name = h.toString('utf8', 0, 100).replace(/\0.*$/s, '');
    const size = Number.parseInt(h.toString('ascii', 124, 136).replace(/[\0 ]/g, ''), 8);
    const padded = size + ((BLOCK - (size % BLOCK)) % BLOCK);
    if (!(await fill(padded))) throw new ArchiveFormatError('the archive ends early (truncated file?)');
    const body = take(padded);
    yield { name, data: body.subarray(0, size) };
  }
}
