// Streams the lines of a file or stdin, plain or gzip (detected by its magic bytes, not its name),
// with the compressed bytes read so far so a progress bar can show a fraction of the file.
import fs from 'node:fs';
import { createInterface } from 'node:readline';
import { type Readable, PassThrough } from 'node:stream';
import { createGunzip } from 'node:zlib';

export interface InputSource {
  name: string; // what messages call it: the path, or "stdin"
  totalBytes: number | null; // null for stdin and pipes
  bytesRead(): number;
  lines(): AsyncIterable<string>;
}

/** Returns the first bytes of `stream` without consuming them (a for-await loop would destroy it). */
function peek(stream: Readable, n: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const done = (result: Buffer | Error) => {
      stream.off('readable', onReadable);
      stream.off('error', done);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onReadable = () => {
      const chunk = stream.read() as Buffer | null;
      if (chunk === null) return done(Buffer.alloc(0));
      stream.unshift(chunk);
      done(chunk.subarray(0, n));
    };
    stream.on('readable', onReadable);
    stream.on('error', done);
  });
}

/** Opens `pathOrDash` ("-" is stdin) for line-by-line reading. */
export async function openInput(pathOrDash: string): Promise<InputSource> {
  const isStdin = pathOrDash === '-';
  let totalBytes: number | null = null;
  if (!isStdin) {
    const st = await fs.promises.stat(pathOrDash);
    if (st.isDirectory()) throw new Error(`${pathOrDash} is a folder, not a file`);
    totalBytes = st.isFile() ? st.size : null;
  }
  const raw: Readable = isStdin ? process.stdin : fs.createReadStream(pathOrDash, { highWaterMark: 1 << 20 });
  let read = 0;
  const counter = new PassThrough({ highWaterMark: 1 << 20 });
  raw.on('data', (c: Buffer) => (read += c.length));
  raw.on('error', (err) => counter.destroy(err));
  raw.pipe(counter);
  const head = await peek(counter, 2);
  const gzip = head.length === 2 && head[0] === 0x1f && head[1] === 0x8b;
  const body: Readable = gzip ? counter.pipe(createGunzip()) : counter;
  if (gzip) counter.on('error', (err) => body.destroy(err));
  return {
    name: isStdin ? 'stdin' : pathOrDash,
    totalBytes,
    bytesRead: () => read,
    lines: () => createInterface({ input: body, crlfDelay: Infinity }),
  };
}
