// The paper page's AI summary block says what made the summary, and renders ours (which may hold math) safely.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AiSummary } from '../../src/web/views/ai-summary.tsx';

const html = (paper: Parameters<typeof AiSummary>[0]['paper']) => String(AiSummary({ paper }) ?? '');

test('the block names Hugging Face, its model, our chat model, or the extractive pick', () => {
  assert.match(
    html({ aiSummary: 'HF says.', aiSummarySource: 'hf', aiSummaryModel: null }),
    /AI summary<\/strong><span class="muted"> · Hugging Face<\/span>: HF says\./,
  );
  assert.match(
    html({ aiSummary: 'HF says.', aiSummarySource: 'hf', aiSummaryModel: 'Qwen/Qwen2.5-Coder-32B-Instruct' }),
    / · Hugging Face \(Qwen\/Qwen2\.5-Coder-32B-Instruct\)/,
  );
  assert.match(
    html({ aiSummary: 'We do.', aiSummarySource: 'site', aiSummaryModel: 'extractive' }),
    / · extractive from the abstract<\/span>: We do\./,
  );
  assert.match(html({ aiSummary: 'We do.', aiSummarySource: 'site', aiSummaryModel: 'llama3.2' }), / · llama3\.2<\/span>/);
  assert.match(html({ aiSummary: 'Unknown.' }), /<strong>AI summary<\/strong>: Unknown\./, 'a row that does not say claims nobody');
  assert.equal(html({ aiSummary: null, aiSummarySource: 'site', aiSummaryModel: null }), '');
});

test('math in a summary is rendered and markup in one is inert', () => {
  const out = html({ aiSummary: 'Maps $x_t$ to <b>x</b>.', aiSummarySource: 'site', aiSummaryModel: 'extractive' });
  assert.match(out, /class="katex"/);
  assert.doesNotMatch(out, /<b>x<\/b>/);
  assert.doesNotMatch(html({ aiSummary: 'x', aiSummarySource: 'site', aiSummaryModel: '<script>' }), /<script>/);
});
