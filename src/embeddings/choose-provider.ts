// The provider the operator configured (EMBEDDINGS and friends in config.ts), or null when embeddings are off.
import type { Config } from '../config.ts';
import type { ProviderChoice } from './embedding-worker.ts';
import { OnnxEmbeddingProvider } from './onnx-provider.ts';
import { OpenAiEmbeddingProvider } from './openai-provider.ts';

export const DEFAULT_CORPUS_DIMENSIONS = 128;

export async function providerChoice(config: Config, userAgent?: string): Promise<ProviderChoice | null> {
  switch (config.embeddings) {
    case 'off':
      return null;
    case 'corpus':
      return {
        kind: 'corpus',
        dimensions: config.embeddingsDimensions ?? DEFAULT_CORPUS_DIMENSIONS,
        fitSample: config.embeddingsFitSample,
      };
    case 'openai':
      return {
        kind: 'external',
        provider: new OpenAiEmbeddingProvider({
          url: config.embeddingsUrl!,
          model: config.embeddingsModel,
          apiKey: config.embeddingsApiKey,
          dimensions: config.embeddingsDimensions,
          queryPrefix: config.embeddingsQueryPrefix,
          documentPrefix: config.embeddingsDocumentPrefix,
          ...(userAgent ? { userAgent } : {}),
        }),
      };
    case 'onnx':
      return {
        kind: 'external',
        provider: await OnnxEmbeddingProvider.open(config.embeddingsOnnxDir!, {
          queryPrefix: config.embeddingsQueryPrefix,
          documentPrefix: config.embeddingsDocumentPrefix,
        }),
      };
  }
}
