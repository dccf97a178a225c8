// Rate rules as tables of cases: when a sliding window or a backoff allows the next event, how long a page
// says to wait, and which network an address counts for.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { networkOf, nextAllowedAt, secondsUntil, waitText, type RateRule } from '../../src/core/rate-rules.ts';

const S = 1000;
const now = 1_000_000 * S;
const ago = (...seconds: number[]) => seconds.map((s) => now - s * S);

test('a sliding window allows max events in any window, and says when the one that must leave leaves', () => {
  const rule: RateRule = { max: 3, windowSeconds: 60 };
  const cases: [what: string, events: number[], allowedInSeconds: number][] = [
    ['no events', [], 0],
    ['fewer than max', ago(10, 5), 0],
    ['max in the window: the oldest must leave', ago(50, 20, 10), 10],
    ['order does not matter', ago(10, 50, 20), 10],
    ['events that left do not count', ago(120, 61, 60, 20, 10), 0],
    ['more than max (an event counted by a looser max): enough of them must leave', ago(55, 50, 40, 30, 20), 20],
    ['max events at one instant', ago(30, 30, 30), 30],
  ];
  for (const [what, events, seconds] of cases) assert.equal((nextAllowedAt(events, now, rule) - now) / S, seconds, what);
});

test('a backoff allows max events freely, then one per delay after the latest, doubling up to a cap', () => {
  const rule: RateRule = { max: 2, windowSeconds: 3600, backoff: { firstSeconds: 60, maxSeconds: 300 } };
  const cases: [what: string, events: number[], allowedInSeconds: number][] = [
    ['under max', ago(5), 0],
    ['at max: the first delay after the latest', ago(30, 10), 50],
    ['the first delay over', ago(100, 70), 0],
    ['one more: twice the delay', ago(100, 70, 0), 120],
    ['then four times', ago(400, 300, 200, 100), 140],
    ['up to the cap', ago(900, 800, 700, 600, 500, 100), 200],
    // Three events wait 120 s after the latest; but in 10 s the oldest leaves, and two wait only 60 s (then over).
    ['an event leaving the window shortens the wait', ago(3590, 3000, 50), 10],
    ['which may still leave a wait', ago(3590, 3000, 10), 50],
  ];
  for (const [what, events, seconds] of cases) assert.equal((nextAllowedAt(events, now, rule) - now) / S, seconds, what);
});

test('waits are whole seconds, never shorter than the truth, and the text says exactly as much', () => {
  assert.equal(secondsUntil(now + 1, now), 1);
  assert.equal(secondsUntil(now + 59_001, now), 60);
  assert.equal(secondsUntil(now, now), 1);
  const texts: [number, string][] = [
    [1, '1 second'],
    [45, '45 seconds'],
    [60, '1 minute'],
    [61, '1 minute 1 second'],
    [3510, '58 minutes 30 seconds'],
    [3600, '1 hour'],
    [7325, '2 hours 2 minutes 5 seconds'],
    [86_400, '24 hours'],
  ];
  for (const [seconds, text] of texts) assert.equal(waitText(seconds), text);
});

test('an IPv4 address is its own network; an IPv6 address counts for its /64', () => {
  const cases: [string, string][] = [
    ['203.0.113.7', '203.0.113.7'],
    ['local', 'local'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:DB8:0001:0002::1', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::ffff', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
    ['not:an:address', 'not:an:address'],
    ['1::2::3', '1::2::3'],
  ];
  for (const [address, network] of cases) assert.equal(networkOf(address), network, address);
});
