// Configuration: defaults, parsing, and one error that lists every bad variable.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.ts';

test('defaults', () => {
  const c = loadConfig({});
  assert.equal(c.port, 3000);
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.dataDir, path.resolve('data'));
  assert.equal(c.databaseUrl, null);
  assert.equal(c.feedPageSize, 50);
});

test('values from the environment', () => {
  const c = loadConfig({
    PORT: '8080',
    DATA_DIR: '/var/lib/dp',
    DATABASE_URL: 'postgres://u:p@db:5432/papers',
    BASE_URL: 'https://papers.example.org/',
    LOG_LEVEL: 'DEBUG',
  });
  assert.equal(c.port, 8080);
  assert.equal(c.dataDir, '/var/lib/dp');
  assert.equal(c.databaseUrl, 'postgres://u:p@db:5432/papers');
  assert.equal(c.baseUrl, 'https://papers.example.org');
  assert.equal(c.logLevel, 'debug');
});

test('every invalid value is reported at once, with how to fix it', () => {
  assert.throws(
    () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', FEED_PAGE_SIZE: '1000', LOG_LEVEL: 'loud' }),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /PORT: expected a whole number, got "eighty"/);
      assert.match(err.message, /DATABASE_URL: expected a postgres:\/\/ or postgresql:\/\/ URL/);
      assert.match(err.message, /FEED_PAGE_SIZE: expected a number from 1 to 100, got 1000/);
      assert.match(err.message, /LOG_LEVEL: expected one of debug, info, warn, error/);
      return true;
    },
  );
});
