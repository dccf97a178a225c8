// The summary provider the operator configured (SUMMARY_PROVIDER and friends in config.ts).
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { FallbackSummaryProvider } from './fallback-provider.ts';
import { OpenAiChatSummaryProvider } from './openai-chat-provider.ts';
import { ExtractiveSummaryProvider, type SummaryProvider } from './provider.ts';

/** The extractive provider, or the chat endpoint with the extractive one behind it. */
export function summaryProvider(config: Config, log: Logger, userAgent?: string): SummaryProvider {
  const extractive = new ExtractiveSummaryProvider();
  if (config.summaryProvider === 'extractive') return extractive;
  const chat = new OpenAiChatSummaryProvider({
    url: config.summaryUrl!,
    model: config.summaryModel,
    apiKey: config.summaryApiKey,
    ...(userAgent ? { userAgent } : {}),
  });
  return new FallbackSummaryProvider(chat, extractive, log);
}
