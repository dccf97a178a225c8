// The keyword index on disk, so a restart loads it in a second instead of re-reading every paper: one file of
// typed arrays (read back as views, without parsing) behind a JSON header that says which database, analyzer
// and watermark it belongs to. Written to a temporary file and renamed, so a crash never leaves half a snapshot.
import fs from 'node:fs/promises';
import path from 'node:path';
import { ANALYZER_VERSION } from '../core/analyze.ts';
import { KeywordIndex, type IndexState } from './keyword-index.ts';
import { packFlat } from './packed-postings.ts';

const MAGIC = 'DPKI';
// 2: documents packed in blocks (packed-postings.ts), pruning bounds saved; 1 (flat Uint32 documents) still read.
const FORMAT = 2;
const FORMAT_FLAT = 1;

export interface SnapshotInfo {
  databaseId: string;
  /** The catch-up watermark the index had reached (timestamptz text); null for an index of nothing. */
  watermark: string | null;
}

interface Header extends SnapshotInfo {
  format: number;
  analyzer: number;
  createdAt: string;
  sections: { name: string; type: keyof typeof ARRAY_TYPES | 'lines'; bytes: number; count: number }[];
}

const ARRAY_TYPES = {
  u8: Uint8Array,
  u16: Uint16Array,
  i32: Int32Array,
  u32: Uint32Array,
  f64: Float64Array,
} as const;

type TypedArray = Uint8Array | Uint16Array | Int32Array | Uint32Array | Float64Array;

function typeOf(a: TypedArray): keyof typeof ARRAY_TYPES {
  if (a instanceof Uint8Array) return 'u8';
  if (a instanceof Uint16Array) return 'u16';
  if (a instanceof Int32Array) return 'i32';
  if (a instanceof Uint32Array) return 'u32';
  return 'f64';
}

const pad8 = (n: number) => (8 - (n % 8)) % 8;

/** Writes `index` (compacted first) with `info` to `file`, atomically. */
export async function writeSnapshot(file: string, index: KeywordIndex, info: SnapshotInfo): Promise<void> {
  const state = index.exportState();
  const parts: [string, TypedArray | string[]][] = [
    ['ids', state.docs.ids],
    ['lengths', state.docs.lengths],
    ['published', state.docs.published],
    ['daily', state.docs.daily],
    ['upvotes', state.docs.upvotes],
    ['flags', state.docs.flags],
    ['modified', state.docs.modified],
    ['textHash', state.docs.textHash],
    ['terms', state.terms],
    ['baseStart', state.baseStart],
    ['termBlocks', state.packed.termBlocks],
    ['blockFirst', state.packed.blockFirst],
    ['blockOffset', state.packed.blockOffset],
    ['packedDocs', state.packed.bytes],
    ['baseFreqs', state.baseFreqs],
    ['maxFreq', state.bounds!.maxFreq],
    ['minLength', state.bounds!.minLength],
  ];
  const buffers = parts.map(([name, a]) => {
    const buf = Array.isArray(a) ? Buffer.from(a.join('\n'), 'utf8') : Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    return { name, buf, type: Array.isArray(a) ? ('lines' as const) : typeOf(a), count: a.length };
  });
  const header: Header = {
    format: FORMAT,
    analyzer: ANALYZER_VERSION,
    createdAt: new Date().toISOString(),
    ...info,
    sections: buffers.map((b) => ({ name: b.name, type: b.type, bytes: b.buf.length, count: b.count })),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(12);
  prefix.write(MAGIC, 0, 'ascii');
  prefix.writeUInt32LE(FORMAT, 4);
  prefix.writeUInt32LE(json.length, 8);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const fh = await fs.open(tmp, 'w');
  try {
    await fh.write(prefix);
    await fh.write(json);
    await fh.write(Buffer.alloc(pad8(12 + json.length)));
    for (const b of buffers) {
      await fh.write(b.buf);
      await fh.write(Buffer.alloc(pad8(b.buf.length)));
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.rename(tmp, file);
}

/** Why a snapshot was not loaded, or the index and its info. */
export type SnapshotLoad = { index: KeywordIndex; info: SnapshotInfo } | { missing: string };

/** Reads a snapshot written by writeSnapshot; reports a missing, foreign or outdated file instead of throwing. */
export async function readSnapshot(file: string, databaseId: string): Promise<SnapshotLoad> {
  let fh: fs.FileHandle;
  try {
    fh = await fs.open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { missing: 'no saved index' };
    throw err;
  }
  try {
    return await readOpenSnapshot(fh, databaseId);
  } finally {
    await fh.close();
  }
}

/** Reads `fh` exactly at `position` into `into` (a view of the bytes to fill); false if the file ends first. */
async function readAt(fh: fs.FileHandle, into: Uint8Array, position: number): Promise<boolean> {
  for (let done = 0; done < into.length; ) {
    const { bytesRead } = await fh.read(into, done, into.length - done, position + done);
    if (bytesRead === 0) return false;
    done += bytesRead;
  }
  return true;
}

async function readOpenSnapshot(fh: fs.FileHandle, databaseId: string): Promise<SnapshotLoad> {
  const prefix = Buffer.alloc(12);
  const { size } = await fh.stat();
  if (size < 12 || !(await readAt(fh, prefix, 0))) return { missing: 'the saved index has another format' };
  const format = prefix.readUInt32LE(4);
  if (prefix.toString('ascii', 0, 4) !== MAGIC || (format !== FORMAT && format !== FORMAT_FLAT))
    return { missing: 'the saved index has another format' };
  const jsonLength = prefix.readUInt32LE(8);
  const json = Buffer.alloc(jsonLength);
  let header: Header;
  try {
    if (!(await readAt(fh, json, 12))) return { missing: 'the saved index is truncated' };
    header = JSON.parse(json.toString('utf8')) as Header;
  } catch {
    return { missing: 'the saved index is damaged' };
  }
  if (header.analyzer !== ANALYZER_VERSION) return { missing: 'the saved index was built by another version of the text analysis' };
  if (header.databaseId !== databaseId) return { missing: 'the saved index belongs to another database' };
  let offset = 12 + jsonLength;
  offset += pad8(offset);
  const sections = new Map<string, TypedArray | string[]>();
  for (const s of header.sections) {
    if (offset + s.bytes > size) return { missing: 'the saved index is truncated' };
    if (s.type !== 'lines' && !(s.type in ARRAY_TYPES)) return { missing: 'the saved index is damaged' };
    // Each section is read straight into the array that keeps it: no buffer of the whole file, no second copy
    // (at 3M papers the file is over a gigabyte).
    if (s.type === 'lines') {
      const text = Buffer.alloc(s.bytes);
      if (!(await readAt(fh, text, offset))) return { missing: 'the saved index is truncated' };
      sections.set(s.name, s.count === 0 ? [] : text.toString('utf8').split('\n'));
    } else {
      const Type = ARRAY_TYPES[s.type];
      const array = new Type(s.bytes / Type.BYTES_PER_ELEMENT);
      if (!(await readAt(fh, new Uint8Array(array.buffer), offset))) return { missing: 'the saved index is truncated' };
      sections.set(s.name, array);
    }
    offset += s.bytes + pad8(s.bytes);
  }
  const get = <T>(name: string) => sections.get(name) as T;
  const state: IndexState = {
    docs: {
      ids: get('ids'),
      lengths: get('lengths'),
      published: get('published'),
      daily: get('daily'),
      upvotes: get('upvotes'),
      flags: get('flags'),
      modified: get('modified'),
      textHash: get('textHash'),
    },
    terms: get('terms'),
    baseStart: get('baseStart'),
    packed:
      format === FORMAT_FLAT
        ? packFlat(get('baseStart'), get('baseDocs'))
        : { termBlocks: get('termBlocks'), blockFirst: get('blockFirst'), blockOffset: get('blockOffset'), bytes: get('packedDocs') },
    baseFreqs: get('baseFreqs'),
    ...(format === FORMAT ? { bounds: { maxFreq: get<Uint8Array>('maxFreq'), minLength: get<Uint16Array>('minLength') } } : {}),
  };
  return { index: new KeywordIndex(state), info: { databaseId: header.databaseId, watermark: header.watermark } };
}
