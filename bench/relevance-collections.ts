// Readers for the judged test collections in ../shared/relevance, read in place: Cranfield, CISI and CACM in the
// SMART format (.I id, then .T title, .A authors, .W text... fields), NPL in TREC format. Each gives documents,
// queries and graded judgments; a collection whose files are absent is reported, never faked.
import fs from 'node:fs';
import path from 'node:path';

export interface RelevanceDoc {
  id: string;
  title: string;
  text: string;
  authors: string[];
}

export interface RelevanceCollection {
  name: string;
  docs: RelevanceDoc[];
  queries: { id: string; text: string }[];
  /** Query id -> document id -> gain (> 0 relevant). */
  qrels: Map<string, Map<string, number>>;
}

export type LoadedCollection = RelevanceCollection | { name: string; skipped: string };

// SMART records: ".I 12" starts one; ".X" (and any other letter) starts a field that lasts until the next marker.
function smartRecords(file: string): { id: string; fields: Map<string, string> }[] {
  const out: { id: string; fields: Map<string, string> }[] = [];
  let current: { id: string; fields: Map<string, string> } | null = null;
  let field = '';
  for (const line of fs.readFileSync(file, 'latin1').split(/\r?\n/)) {
    const marker = /^\.([A-Z])(?:\s+(.*))?$/.exec(line);
    if (marker && marker[1] === 'I') {
      current = { id: String(Number(marker[2]!.trim())), fields: new Map() };
      out.push(current);
      field = '';
    } else if (marker) {
      field = marker[1]!;
    } else if (current && field) {
      current.fields.set(field, (current.fields.get(field) ?? '') + line + '\n');
    }
  }
  return out;
}

function smartDocs(file: string): RelevanceDoc[] {
  return smartRecords(file).map((r) => ({
    id: r.id,
    title: (r.fields.get('T') ?? '').replace(/\s+/g, ' ').trim(),
    text: (r.fields.get('W') ?? '').replace(/\s+/g, ' ').trim(),
    authors: (r.fields.get('A') ?? '')
      .split('\n')
      .map((a) => a.trim())
      .filter(Boolean),
  }));
}

function smartQueries(file: string): { id: string; text: string }[] {
  return smartRecords(file).map((r) => ({ id: r.id, text: (r.fields.get('W') ?? '').replace(/\s+/g, ' ').trim() }));
}

// One judgment a line: query id first, the document id in column `docColumn`, the grade (if any) in `gradeColumn`.
function qrelsOf(file: string, docColumn: number, gradeColumn: number | null) {
  const qrels = new Map<string, Map<string, number>>();
  for (const line of fs.readFileSync(file, 'latin1').split(/\r?\n/)) {
    const f = line.trim().split(/\s+/);
    if (f.length <= docColumn) continue;
    const gain = gradeColumn === null ? 1 : Number(f[gradeColumn]);
    if (!(gain > 0)) continue;
    const q = String(Number(f[0]));
    let m = qrels.get(q);
    if (!m) qrels.set(q, (m = new Map()));
    m.set(String(Number(f[docColumn])), gain);
  }
  return qrels;
}

function requireFiles(dir: string, names: string[]): string | null {
  const missing = names.filter((n) => !fs.existsSync(path.join(dir, n)));
  return missing.length > 0 ? `missing ${missing.join(', ')} in ${dir}` : null;
}

/** Cranfield: 1,400 aeronautics abstracts. Grades follow cranqrel.readme (Cleverdon): 1 is a complete answer, 4 of minimum interest, -1 none. */
function cranfield(root: string): LoadedCollection {
  const dir = path.join(root, 'cranfield');
  const missing = requireFiles(dir, ['cran.all.1400', 'cran.qry', 'cranqrel']);
  if (missing) return { name: 'Cranfield', skipped: missing };
  // The qrels number queries 1..225 in file order; cran.qry's own .I numbers have gaps.
  const queries = smartQueries(path.join(dir, 'cran.qry')).map((q, i) => ({ id: String(i + 1), text: q.text }));
  const qrels = new Map<string, Map<string, number>>();
  for (const line of fs.readFileSync(path.join(dir, 'cranqrel'), 'latin1').split(/\r?\n/)) {
    const [q, d, grade] = line.trim().split(/\s+/).map(Number);
    if (q === undefined || d === undefined || grade === undefined || !(grade >= 1 && grade <= 4)) continue;
    let m = qrels.get(String(q));
    if (!m) qrels.set(String(q), (m = new Map()));
    m.set(String(d), 5 - grade);
  }
  return { name: 'Cranfield', docs: smartDocs(path.join(dir, 'cran.all.1400')), queries, qrels };
}

function cisi(root: string): LoadedCollection {
  const dir = path.join(root, 'cisi');
  const missing = requireFiles(dir, ['CISI.ALL', 'CISI.QRY', 'CISI.REL']);
  if (missing) return { name: 'CISI', skipped: missing };
  return {
    name: 'CISI',
    docs: smartDocs(path.join(dir, 'CISI.ALL')),
    queries: smartQueries(path.join(dir, 'CISI.QRY')),
    qrels: qrelsOf(path.join(dir, 'CISI.REL'), 1, null),
  };
}

function cacm(root: string): LoadedCollection {
  const dir = path.join(root, 'cacm');
  const missing = requireFiles(dir, ['cacm.all', 'query.text', 'qrels.text']);
  if (missing) return { name: 'CACM', skipped: missing };
  return {
    name: 'CACM',
    docs: smartDocs(path.join(dir, 'cacm.all')),
    queries: smartQueries(path.join(dir, 'query.text')),
    qrels: qrelsOf(path.join(dir, 'qrels.text'), 1, null),
  };
}

/** NPL in TREC format: corpus/doc-text.trec (<DOC><DOCNO>n</DOCNO> text</DOC>), query-text.trec (<top><num>n</num><title>...), qrels. */
function npl(root: string): LoadedCollection {
  const dir = path.join(root, 'npl');
  const corpus = path.join(dir, 'corpus');
  const docsFile = [path.join(corpus, 'doc-text.trec'), path.join(dir, 'doc-text.trec')].find((f) => fs.existsSync(f));
  const queryFile = ['query-text.trec', 'corpus/query-text.trec', 'queries.trec']
    .map((f) => path.join(dir, f))
    .find((f) => fs.existsSync(f));
  const qrelsFile = ['qrels', 'qrels.txt', 'qrels.trec', 'corpus/qrels', 'corpus/qrels.txt']
    .map((f) => path.join(dir, f))
    .find((f) => fs.existsSync(f));
  if (!docsFile || !queryFile || !qrelsFile) {
    const absent = [!docsFile && 'doc-text.trec', !queryFile && 'query-text.trec', !qrelsFile && 'qrels'].filter(Boolean).join(', ');
    return { name: 'NPL', skipped: `${dir} has no ${absent} (only the documents are there; there is nothing to judge against)` };
  }
  const trec = (file: string) =>
    [...fs.readFileSync(file, 'latin1').matchAll(/<DOC>\s*<DOCNO>\s*(\S+)\s*<\/DOCNO>([\s\S]*?)<\/DOC>/g)].map((m) => ({
      id: String(Number(m[1])),
      text: m[2]!.replace(/\s+/g, ' ').trim(),
    }));
  return {
    name: 'NPL',
    docs: trec(docsFile).map((d) => ({ id: d.id, title: '', text: d.text, authors: [] })),
    queries: [...fs.readFileSync(queryFile, 'latin1').matchAll(/<num>\s*(\d+)\s*<\/num>\s*<title>([\s\S]*?)<\/title>/g)].map((m) => ({
      id: String(Number(m[1])),
      text: m[2]!.replace(/\s+/g, ' ').trim(),
    })),
    qrels: qrelsOf(qrelsFile, 2, 3), // TREC: qid iteration docid grade
  };
}

/** Reads every collection under `root`, each loaded or skipped with its reason. */
export function loadCollections(root: string): LoadedCollection[] {
  return [cranfield(root), npl(root), cisi(root), cacm(root)];
}
