// Queries for bench/search.ts's "semantic paraphrases" group: what a reader might type when they remember what a
// real paper (in ../shared/data/arxiv-papers.jsonl.gz) is about but not its title. Each describes the paper's topic
// with words its title does not use (they may be in its abstract), so keyword search alone finds it by luck.
// No word has three or more hyphenated parts: those are searched as exact phrases, which semantic search leaves
// to keyword search.

export interface Paraphrase {
  /** The paper described. */
  id: string;
  query: string;
}

export const PARAPHRASES: Paraphrase[] = [
  { id: '0704.0100', query: 'how the shape of an event horizon can evolve, studied with Morse theory and handle attachments' },
  { id: '0704.0191', query: 'tangled polypeptide backbone in enzyme structures that resists unfolding and degradation' },
  { id: '0705.0004', query: 'Doppler shift of absorption lines from a spinning hot Jupiter during ingress and egress' },
  { id: '0705.0091', query: 'seeing a single carbon monolayer through an optical microscope on silicon oxide by reflection contrast' },
  { id: '0705.0122', query: 'strain noise of a cryogenic resonant-mass antenna with a capacitive transducer and SQUID readout' },
  { id: '0705.1574', query: 'protecting hybrid classical and quantum information with operator algebras in the Heisenberg picture' },
  { id: '0909.3304', query: 'reconstructing a low-rank density matrix from few Pauli measurements with convex optimization' },
  { id: '2302.04249', query: 'saddle point problems solved across many edge devices holding unlike local data, as in GAN training' },
  { id: '2304.03262', query: 'does telling an instruction-tuned assistant to think step by step still help on arithmetic word problems' },
  {
    id: '2305.06356',
    query: 'free viewpoint video of actors filmed by many cameras, a 4D dynamic scene representation factorizing space and time',
  },
  { id: '2305.13257', query: 'proving that someone trained a chatbot on your private documents with backdoor-based membership inference' },
  { id: '2305.13860', query: 'prompts that trick a chatbot into ignoring its content restrictions, sorted into ten patterns' },
  { id: '2305.18290', query: 'aligning chatbots with human likes and dislikes without fitting a separate scorer or running RLHF' },
  {
    id: '2306.16842',
    query: 'why some subword vocabularies give better downstream scores, measured by the Renyi entropy of token frequencies',
  },
  {
    id: '2310.08461',
    query: 'making a small draft network agree with the large target network so more guessed tokens are accepted when verified in parallel',
  },
  { id: '2312.17238', query: 'running sparse expert LLMs on a consumer GPU with little memory by moving parameters to system RAM' },
  {
    id: '2402.09353',
    query: 'splitting pretrained matrices into magnitude and direction to close the accuracy gap between LoRA and full finetuning',
  },
];
