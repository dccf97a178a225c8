// The architecture as the imports draw it: folders of src/ form layers, and no folder imports one that imports it
// back (directly or around a longer loop). Each file at the top of src/ (cli, config, log, errors, lifecycle) is a
// node of its own: cli.ts is the entry point above everything, the others are foundations below everything.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const SRC = path.resolve(import.meta.dirname, '..', '..', 'src');
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm;

/** The folder (or top-level file) of src/ that `file` belongs to. */
function nodeOf(file: string): string {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length === 1 ? rel[0]! : rel[0]!;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : /\.(ts|tsx|mjs)$/.test(e.name) ? [p] : [];
  });
}

/** node → node → one example import, for the assertion messages. */
function importGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of sourceFiles(SRC)) {
    const from = nodeOf(file);
    if (!graph.has(from)) graph.set(from, new Map());
    for (const m of fs.readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      const target = path.resolve(path.dirname(file), m[1]!);
      if (!target.startsWith(SRC + path.sep)) continue;
      const to = nodeOf(target);
      if (to !== from && !graph.get(from)!.has(to)) graph.get(from)!.set(to, `${path.relative(SRC, file)} → ${m[1]}`);
    }
  }
  return graph;
}

/** Strongly connected components with more than one node (Tarjan): each is a loop of folders. */
function loops(graph: Map<string, Map<string, string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

const graph = importGraph();

test('no folder of src/ imports a folder that imports it back', () => {
  const found = loops(graph).map((scc) => {
    const edges = scc.flatMap((a) => scc.filter((b) => graph.get(a)?.has(b)).map((b) => `  ${a} → ${b}: ${graph.get(a)!.get(b)}`));
    return `${scc.join(', ')}\n${edges.join('\n')}`;
  });
  assert.deepEqual(found, []);
});

test('the lower layers import only what is below them', () => {
  // What each may import besides itself: the store knows the database and the shared model, never its consumers;
  // core and model are pure and import nothing but each other; db knows only the foundations.
  const FOUNDATIONS = ['config.ts', 'log.ts', 'errors.ts', 'lifecycle.ts'];
  const allowed: Record<string, string[]> = {
    core: ['model'],
    model: ['core'],
    db: FOUNDATIONS,
    store: ['db', 'model', 'core', ...FOUNDATIONS],
  };
  const wrong: string[] = [];
  for (const [layer, may] of Object.entries(allowed)) {
    for (const [to, example] of graph.get(layer) ?? []) if (!may.includes(to)) wrong.push(`${layer} → ${to}: ${example}`);
  }
  assert.deepEqual(wrong, []);
});

test('the check sees a loop when there is one', () => {
  const g = new Map([
    ['a', new Map([['b', 'x']])],
    ['b', new Map([['c', 'y']])],
    ['c', new Map([['a', 'z']])],
    ['d', new Map([['a', 'w']])],
  ]);
  assert.deepEqual(loops(g), [['a', 'b', 'c']]);
});
