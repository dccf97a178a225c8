// The AI summary block of a paper page, saying what made the summary: Hugging Face (and its model, when it names
// one), this site's chat model, or this site's pick of the abstract's most central sentence.
import { raw } from 'hono/html';
import { renderRichText } from '../../core/math.ts';

/** What the block reads of a paper (papers.ai_summary, ai_summary_model, ai_summary_source: migration 0012). */
export interface AiSummaryFields {
  aiSummary: string | null;
  aiSummaryModel?: string | null | undefined;
  aiSummarySource?: string | null | undefined;
}

/** Returns who made the summary, for after "AI summary · "; null when the row does not say. */
export function aiSummaryAttribution(p: AiSummaryFields): string | null {
  if (p.aiSummarySource === 'hf') return p.aiSummaryModel ? `Hugging Face (${p.aiSummaryModel})` : 'Hugging Face';
  if (p.aiSummarySource === 'site') return p.aiSummaryModel === 'extractive' ? 'extractive from the abstract' : (p.aiSummaryModel ?? null);
  return null;
}

/** Renders the paper's AI summary with what made it; nothing when it has none. */
export function AiSummary({ paper }: { paper: AiSummaryFields }) {
  if (!paper.aiSummary) return null;
  const by = aiSummaryAttribution(paper);
  return (
    <p class="ai-summary">
      <strong>AI summary</strong>
      {by ? <span class="muted"> · {by}</span> : null}: {raw(renderRichText(paper.aiSummary))}
    </p>
  );
}
