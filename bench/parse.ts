// Parser benchmark: the three real 1000-record OAI-PMH pages and the 20 real API responses in ../shared/fixtures,
// through our parsers (XML parse + mapping to PaperRecords), against a bare fast-xml-parser pass over the same strings
// with the options our parsers use (the floor: no parser of ours can beat it). Bodies are read into strings first,
// so neither side pays for file I/O or UTF-8 decoding.
//   npx tsx bench/parse.ts [--rounds N]
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { parseApiResponse } from '../src/arxiv/api-response.ts';
import { parseOaiResponse } from '../src/arxiv/oai-response.ts';
import { median, printTable, sharedFileOrExit } from './lib.ts';

const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1] ?? 9) || 9;
const WARMUP_ROUNDS = 3;

// What src/arxiv/*.ts configure, minus the isArray callback (which only shapes the output).
const bare = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  processEntities: false,
  removeNSPrefix: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

interface Input {
  label: string;
  bodies: string[];
  bytes: number;
  ours: (body: string) => number; // returns the entries it mapped
}

function read(dir: string, label: string, ours: Input['ours']): Input {
  const files = fs
    .readdirSync(dir)
    .sort()
    .map((f) => path.join(dir, f));
  const bodies = files.map((f) => fs.readFileSync(f, 'utf8'));
  return { label, bodies, bytes: files.reduce((n, f) => n + fs.statSync(f).size, 0), ours };
}

const oaiDir = sharedFileOrExit('fixtures/oai-pmh/listrecords-arxiv');
const apiDir = sharedFileOrExit('fixtures/arxiv-api');
const oaiRecords = (body: string) => parseOaiResponse(body).records.length;
const apiEntries = (body: string) => {
  const r = parseApiResponse(body);
  return r.records.length + r.errors.length + r.skipped.length;
};
const oaiPages = fs
  .readdirSync(oaiDir)
  .sort()
  .map((f) => {
    const body = fs.readFileSync(path.join(oaiDir, f), 'utf8');
    const format = body.includes('<arXivRaw') ? 'arXivRaw' : 'arXiv';
    return { label: `OAI ${f.slice(0, 16)} (${format})`, bodies: [body], bytes: fs.statSync(path.join(oaiDir, f)).size, ours: oaiRecords };
  });
const inputs: Input[] = [
  ...oaiPages,
  {
    label: 'OAI, all three pages',
    bodies: oaiPages.flatMap((p) => p.bodies),
    bytes: oaiPages.reduce((n, p) => n + p.bytes, 0),
    ours: oaiRecords,
  },
  read(apiDir, 'API, 20 responses', apiEntries),
];

function time(fn: () => void): number {
  const started = performance.now();
  fn();
  return (performance.now() - started) / 1000;
}

const rows: (string | number)[][] = [];
for (const input of inputs) {
  const records = input.bodies.reduce((n, b) => n + input.ours(b), 0);
  const bareTimes: number[] = [];
  const ourTimes: number[] = [];
  // Alternating the two in every round spreads any drift (GC, CPU frequency, other load) over both.
  for (let round = 0; round < WARMUP_ROUNDS + rounds; round++) {
    const b = time(() => {
      for (const body of input.bodies) bare.parse(body);
    });
    const o = time(() => {
      for (const body of input.bodies) input.ours(body);
    });
    if (round >= WARMUP_ROUNDS) {
      bareTimes.push(b);
      ourTimes.push(o);
    }
  }
  const bareS = median(bareTimes);
  const oursS = median(ourTimes);
  rows.push([
    input.label,
    records,
    (input.bytes / 2 ** 20 / bareS).toFixed(1),
    Math.round(records / bareS),
    Math.round(records / oursS),
    (bareS / oursS).toFixed(2),
  ]);
}

console.log(`\nParsing arXiv responses (${rounds} rounds after ${WARMUP_ROUNDS} warm-up, medians)\n`);
printTable(['input', 'records', 'bare MB/s', 'bare records/s', 'ours records/s', 'ours/bare'], rows);
