// The rss.arxiv.org listing parser on feeds written to arXiv's RSS and Atom specifications (no real capture exists).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { listingFeedUrl, parseListingFeed } from '../../src/arxiv/listing-feed.ts';
import { MalformedResponse } from '../../src/arxiv/malformed.ts';
import { FIXTURES } from '../helpers/paths.ts';

const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, 'arxiv', name), 'utf8');

test('RSS listing: the mailing day, the four announce types, prefixes stripped, authors, categories', () => {
  const feed = parseListingFeed(fixture('rss-listing.xml'));
  assert.equal(feed.day, '2024-02-23');
  assert.deepEqual(
    feed.items.map((i) => [i.announceType, i.record.id, i.record.version]),
    [
      ['new', '2402.14003', 1],
      ['cross', '2402.13001', 1],
      ['replace', '2310.01234', 3],
      ['replace-cross', '2203.01250', 3],
    ],
  );
  const [fresh, cross, replaced, replacedCross] = feed.items.map((i) => i.record);
  assert.equal(fresh!.title, 'Fast $O(n \\log n)$ Transformers for Schrödinger & Dirac Equations at the Café');
  assert.equal(
    fresh!.abstract,
    'We learn solutions of $i\\hbar \\partial_t \\psi = H \\psi$ with $\\mathcal{O}(n \\log n)$ attention when $n < 10^6$. Code: https://github.com/example/fast-schrodinger.',
  );
  assert.deepEqual(fresh!.authors, ['Ana García', 'Bob Smith', 'Chen Li']);
  assert.deepEqual(fresh!.categories, ['cs.LG', 'physics.comp-ph']);
  assert.equal(fresh!.primaryCategory, 'cs.LG');
  assert.equal(fresh!.license, 'http://creativecommons.org/licenses/by/4.0/');
  assert.deepEqual(fresh!.links, [{ url: 'https://github.com/example/fast-schrodinger', kind: 'code', source: 'abstract' }]);
  assert.deepEqual(fresh!.versions, [{ version: 1, createdAt: null }]);
  // A new paper was announced that day; a new version updates the paper; a cross-list changes neither date.
  assert.deepEqual([fresh!.publishedAt, fresh!.updatedAt], ['2024-02-23T05:00:00.000Z', '2024-02-23T05:00:00.000Z']);
  assert.deepEqual([cross!.publishedAt, cross!.updatedAt], [null, null]);
  assert.deepEqual([replaced!.publishedAt, replaced!.updatedAt], [null, '2024-02-23T05:00:00.000Z']);
  assert.deepEqual(cross!.categories, ['math.OC', 'cs.LG']);
  assert.equal(replaced!.doi, '10.5802/jep.257');
  assert.equal(replaced!.journalRef, "Journal de l'\\'Ecole polytechnique - Math\\'ematiques, Tome 11 (2024), pp. 431-472");
  assert.deepEqual(replacedCross!.authors, ['Antonin Monteil', 'Paul Pegon']);
  assert.ok(replacedCross!.abstract.startsWith('We consider first order local minimization problems'));
  for (const r of feed.items.map((i) => i.record)) assert.deepEqual([r.metadataRank, r.daily, r.hf, r.withdrawn], [2, null, null, false]);
  assert.deepEqual(feed.skipped, [
    { guid: null, reason: 'item names no arXiv id' },
    { guid: 'oai:arXiv.org:2402.15000v1', reason: 'paper 2402.15000 has an unknown announce type "retracted"' },
  ]);
});

test('Atom listing: the same items, the day from the entries', () => {
  const feed = parseListingFeed(fixture('atom-listing.xml'));
  assert.equal(feed.day, '2024-02-23');
  assert.deepEqual(feed.skipped, []);
  assert.deepEqual(
    feed.items.map((i) => [i.announceType, i.record.id, i.record.version, i.record.categories]),
    [
      ['replace-cross', '2203.01250', 3, ['math.AP', 'math.OC']],
      ['new', '2402.16000', 1, ['math.OC']],
    ],
  );
  const rss = parseListingFeed(fixture('rss-listing.xml')).items.find((i) => i.record.id === '2203.01250')!.record;
  const atom = feed.items[0]!.record;
  assert.deepEqual([atom.title, atom.authors, atom.license, atom.updatedAt], [rss.title, rss.authors, rss.license, rss.updatedAt]);
  assert.deepEqual([atom.doi, atom.publishedAt], ['10.5802/jep.257', null]);
  assert.equal(feed.items[1]!.record.publishedAt, '2024-02-23T05:00:00.000Z');
});

test('a weekend feed has a day and no items; the day is the one written, not UTC', () => {
  const feed = parseListingFeed(`<?xml version='1.0' encoding='UTF-8'?>
<rss version="2.0"><channel><title>cs.AI updates on arXiv.org</title>
<pubDate>Sat, 24 Feb 2024 00:00:00 -0500</pubDate></channel></rss>`);
  assert.deepEqual(feed, { day: '2024-02-24', items: [], skipped: [] });
  const late = parseListingFeed(`<rss version="2.0"><channel><pubDate>Mon, 2 Sep 2024 23:30:00 -0400</pubDate></channel></rss>`);
  assert.equal(late.day, '2024-09-02');
  assert.equal(parseListingFeed('<rss version="2.0"><channel></channel></rss>').day, null);
});

test('a body that is not a listing feed throws MalformedResponse', () => {
  const rss = fixture('rss-listing.xml');
  const cases: [string, RegExp][] = [
    [fixture('html-error-page.html'), /^expected an arXiv listing feed \(RSS <rss> or Atom <feed>\), found "<!DOCTYPE html>/],
    [rss.slice(0, rss.lastIndexOf('</channel>')), /cut off before its closing <\/rss>/],
    [fixture('oai-deleted.xml'), /found "<\?xml version=\\"1\.0\\" encoding=\\"UTF-8\\"\?> <OAI-PMH/],
    ['Service Unavailable', /found "Service Unavailable"/],
  ];
  for (const [body, message] of cases) {
    assert.throws(
      () => parseListingFeed(body),
      (e: unknown) => e instanceof MalformedResponse && message.test(e.message),
      message.source,
    );
  }
});

test('listingFeedUrl joins categories with +', () => {
  assert.equal(listingFeedUrl('https://rss.arxiv.org', ['cs.AI', 'cs.CL']), 'https://rss.arxiv.org/rss/cs.AI+cs.CL');
  assert.equal(listingFeedUrl('https://rss.arxiv.org/', ['q-bio.NC']), 'https://rss.arxiv.org/rss/q-bio.NC');
  assert.throws(() => listingFeedUrl('https://rss.arxiv.org', []), RangeError);
});
