// The provider the operator configured (EMBEDDINGS and friends in config.ts), or null when embeddings are off.
import path from 'node:path';
import type { Config } from '../config.ts';
import type { AutoUpgrade, ProviderChoice } from './embedding-worker.ts';
import { AUTO_MODEL, downloadModel, isComplete, modelFolder } from './model-download.ts';
import { OnnxEmbeddingProvider } from './onnx-provider.ts';
import { OpenAiEmbeddingProvider } from './openai-provider.ts';

export const DEFAULT_CORPUS_DIMENSIONS = 128;

/** Where EMBEDDINGS=auto keeps its downloaded model. */
export function autoModelFolder(config: Config): string {
  return modelFolder(path.join(config.dataDir, 'models'), AUTO_MODEL);
}

function openAutoModel(folder: string, config: Config): Promise<OnnxEmbeddingProvider> {
  return OnnxEmbeddingProvider.open(folder, {
    modelFile: AUTO_MODEL.modelFile,
    maxTokens: AUTO_MODEL.maxTokens,
    queryPrefix: config.embeddingsQueryPrefix,
    documentPrefix: config.embeddingsDocumentPrefix,
  });
}

/**
 * EMBEDDINGS=auto: the downloaded model once its files verify (opened here, so every process on the data folder
 * embeds queries alike); until then the corpus model, with the download for the embedding worker to run.
 */
async function autoChoice(config: Config, userAgent: string | undefined): Promise<ProviderChoice> {
  const folder = autoModelFolder(config);
  const corpus = {
    kind: 'corpus',
    dimensions: config.embeddingsDimensions ?? DEFAULT_CORPUS_DIMENSIONS,
    fitSample: config.embeddingsFitSample,
  } as const;
  if (await isComplete(folder, AUTO_MODEL)) {
    try {
      return { kind: 'external', provider: await openAutoModel(folder, config) };
    } catch (err) {
      return { ...corpus, unavailable: `the downloaded model in ${folder} could not be opened: ${(err as Error).message}` };
    }
  }
  const upgrade: AutoUpgrade = {
    name: AUTO_MODEL.repo,
    async open(signal, onProgress) {
      await downloadModel({
        hubUrl: config.hfApiUrl,
        model: AUTO_MODEL,
        modelsDir: path.join(config.dataDir, 'models'),
        signal,
        onProgress,
        ...(userAgent ? { userAgent } : {}),
      });
      return openAutoModel(folder, config);
    },
  };
  return { ...corpus, upgrade };
}

export async function providerChoice(config: Config, userAgent?: string): Promise<ProviderChoice | null> {
  switch (config.embeddings) {
    case 'off':
      return null;
    case 'auto':
      return autoChoice(config, userAgent);
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
