// Streams the lines of a file or stdin, plain or gzip (detected by its magic bytes, not its name),
// with the compressed bytes read so far so a progress bar can show a fraction of the file.
import fs from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable, PassThrough } from 'node:stream';
import { createGunzip } from 'node:zlib';

export interface InputSource {
  name: string; // what messages call it: the path, or "stdin"
  totalBytes: number | null; // null for stdin and pipes
  bytesRead(): number;
  lines(): AsyncIterable<string>;
}

async function peek(stream: Readable, n: number): Promise<Buffer> {
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    stream.pause();
    stream.unshift(buf);
    return buf.subarray(0, n);
  }
  return Buffer.alloc(0);
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
