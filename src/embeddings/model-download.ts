// Downloads a pinned sentence-embedding model (ONNX export and tokenizer) from a Hugging Face hub into
// DATA_DIR/models, for EMBEDDINGS=auto. Each file is fetched from the hub's resolve URL into a `.part` file,
// resumed with a Range request after an interruption (a restart, a dropped connection), checked against its
// pinned sha256 and only then renamed into place: a folder either has verified files or is not used. Progress is
// written to download.json beside them, so `dailypapers status` (another process) can show it.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface PinnedFile {
  /** Path inside the model repository, e.g. onnx/model_quantized.onnx. */
  path: string;
  sha256: string;
  /** Size in bytes when known (for progress before the server says). */
  bytes: number | null;
}

export interface PinnedModel {
  /** Repository on the hub, e.g. Xenova/all-MiniLM-L6-v2. */
  repo: string;
  /** The revision the URLs name; the sha256 of each file is what pins its bytes. */
  revision: string;
  files: PinnedFile[];
  /** The ONNX file among them. */
  modelFile: string;
  /** Input length the model was trained for (tokens, special tokens included). */
  maxTokens: number;
}

// all-MiniLM-L6-v2 (sentence-transformers, Apache 2.0), Xenova's int8 export: 23 MB, 384 dimensions, 6 layers,
// hidden size 384, vocabulary 30,522, trained on sentences of up to 128 word pieces and good to 256. The digests
// are those two independent projects pin for these files.
export const AUTO_MODEL: PinnedModel = {
  repo: 'Xenova/all-MiniLM-L6-v2',
  revision: 'main',
  files: [
    { path: 'tokenizer.json', sha256: 'da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0', bytes: null },
    {
      path: 'onnx/model_quantized.onnx',
      sha256: 'afdb6f1a0e45b715d0bb9b11772f032c399babd23bfc31fed1c170afc848bdb1',
      bytes: 22_972_370,
    },
  ],
  modelFile: 'onnx/model_quantized.onnx',
  maxTokens: 256,
};

export type DownloadState = 'downloading' | 'done' | 'failed';

/** What download.json says: how far the download is, or why it failed. */
export interface DownloadProgress {
  state: DownloadState;
  repo: string;
  bytes: number;
  /** Bytes of all files, once known. */
  total: number | null;
  error?: string;
  updatedAt: string;
}

/** The download could not finish; the message says what went wrong, for the log and status. */
export class ModelDownloadError extends Error {
  override name = 'ModelDownloadError';
}

// A connection that sends nothing for this long is dead: give up (the next start resumes).
const STALL_MS = 60_000;
// download.json is rewritten at most this often while bytes arrive.
const PROGRESS_EVERY_MS = 1000;

/** The folder a pinned model is kept in under `modelsDir`. */
export function modelFolder(modelsDir: string, model: PinnedModel): string {
  return path.join(modelsDir, model.repo.replace(/[^A-Za-z0-9._-]+/g, '__'));
}

/** The progress recorded in `folder`, or null when no download was ever started there. */
export function readProgress(folder: string): DownloadProgress | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(folder, 'download.json'), 'utf8')) as DownloadProgress;
  } catch {
    return null;
  }
}

function writeProgress(folder: string, p: Omit<DownloadProgress, 'updatedAt'>): void {
  const file = path.join(folder, 'download.json');
  fs.writeFileSync(`${file}.tmp`, JSON.stringify({ ...p, updatedAt: new Date().toISOString() }));
  fs.renameSync(`${file}.tmp`, file);
}

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Whether every file of `model` is in `folder` with its pinned digest (reads them all: once per start). */
export async function isComplete(folder: string, model: PinnedModel): Promise<boolean> {
  for (const f of model.files) {
    const file = path.join(folder, f.path);
    if (!fs.existsSync(file) || (await sha256OfFile(file)) !== f.sha256) return false;
  }
  return true;
}

export interface DownloadOptions {
  /** The hub, e.g. https://huggingface.co (HF_API_URL). */
  hubUrl: string;
  model: PinnedModel;
  modelsDir: string;
  userAgent?: string;
  signal?: AbortSignal;
  /** Called as bytes arrive (the log shows it every few percent). */
  onProgress?: (p: DownloadProgress) => void;
  fetch?: typeof fetch;
}

/** Fetches what is missing of `model` (resuming partial files) and returns its folder once every file verifies. */
export async function downloadModel(opts: DownloadOptions): Promise<string> {
  const folder = modelFolder(opts.modelsDir, opts.model);
  fs.mkdirSync(folder, { recursive: true });
  const doFetch = opts.fetch ?? fetch;
  const sizes = new Map<string, number | null>(opts.model.files.map((f) => [f.path, f.bytes]));
  const done = new Map<string, number>();
  const total = () => ([...sizes.values()].every((s) => s !== null) ? [...sizes.values()].reduce<number>((a, b) => a + b!, 0) : null);
  const bytes = () => [...done.values()].reduce((a, b) => a + b, 0);
  let lastWrite = 0;
  const report = (state: DownloadState, force = false, error?: string) => {
    const p = { state, repo: opts.model.repo, bytes: bytes(), total: total(), ...(error ? { error } : {}) };
    if (force || performance.now() - lastWrite >= PROGRESS_EVERY_MS) {
      lastWrite = performance.now();
      writeProgress(folder, p);
      opts.onProgress?.({ ...p, updatedAt: new Date().toISOString() });
    }
  };
  try {
    for (const f of opts.model.files) {
      const final = path.join(folder, f.path);
      if (fs.existsSync(final) && (await sha256OfFile(final)) === f.sha256) {
        const size = fs.statSync(final).size;
        sizes.set(f.path, size);
        done.set(f.path, size);
        continue;
      }
      await fetchFile(opts, doFetch, f, final, (got, size) => {
        if (size !== null) sizes.set(f.path, size);
        done.set(f.path, got);
        report('downloading');
      });
    }
    report('done', true);
    return folder;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    report('failed', true, message);
    throw err instanceof ModelDownloadError ? err : new ModelDownloadError(message, { cause: err });
  }
}

/** One file: resume `final`.part from its length, stream the rest, verify, rename. */
async function fetchFile(
  opts: DownloadOptions,
  doFetch: typeof fetch,
  f: PinnedFile,
  final: string,
  onBytes: (got: number, size: number | null) => void,
): Promise<void> {
  const part = `${final}.part`;
  fs.mkdirSync(path.dirname(final), { recursive: true });
  let have = fs.existsSync(part) ? fs.statSync(part).size : 0;
  const url = `${opts.hubUrl.replace(/\/+$/, '')}/${opts.model.repo}/resolve/${encodeURIComponent(opts.model.revision)}/${f.path}`;
  const stall = new AbortController();
  let timer = setTimeout(() => stall.abort(), STALL_MS);
  const signal = opts.signal ? AbortSignal.any([opts.signal, stall.signal]) : stall.signal;
  try {
    const res = await doFetch(url, {
      headers: { ...(have > 0 ? { Range: `bytes=${have}-` } : {}), ...(opts.userAgent ? { 'User-Agent': opts.userAgent } : {}) },
      redirect: 'follow',
      signal,
    });
    if (res.status === 416 && have > 0) {
      // The part is already whole (the last run stopped between the last byte and the rename).
      await res.body?.cancel();
    } else if (res.status === 200 || res.status === 206) {
      if (res.status === 200) have = 0; // the server ignored the range: start over
      const length = Number(res.headers.get('content-length'));
      const size = Number.isFinite(length) && length > 0 ? have + length : f.bytes;
      const out = fs.createWriteStream(part, { flags: have > 0 ? 'a' : 'w' });
      const finished = new Promise<void>((resolve, reject) => {
        out.on('finish', resolve);
        out.on('error', reject);
      });
      let got = have;
      onBytes(got, size);
      try {
        if (!res.body) throw new ModelDownloadError(`${url} answered without a body`);
        for await (const chunk of res.body) {
          clearTimeout(timer);
          timer = setTimeout(() => stall.abort(), STALL_MS);
          if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
          got += (chunk as Uint8Array).byteLength;
          onBytes(got, size);
        }
      } finally {
        // What arrived is on disk before anything else happens: the next attempt resumes from it.
        out.end();
        await finished;
      }
    } else {
      await res.body?.cancel();
      throw new ModelDownloadError(`${url} answered HTTP ${res.status}`);
    }
  } catch (err) {
    if (stall.signal.aborted && !opts.signal?.aborted) throw new ModelDownloadError(`${url} sent nothing for ${STALL_MS / 1000} s`);
    throw err;
  } finally {
    clearTimeout(timer);
  }
  const digest = await sha256OfFile(part);
  if (digest !== f.sha256) {
    fs.rmSync(part, { force: true });
    throw new ModelDownloadError(`${f.path} from ${url} has sha256 ${digest}, not the pinned ${f.sha256}; removed`);
  }
  fs.renameSync(part, final);
  onBytes(fs.statSync(final).size, fs.statSync(final).size);
}
