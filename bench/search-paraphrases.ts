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
  {
    id: '0705.0042',
    query: 'counting graphs where no two vertices share a neighborhood, plus bicolored and connected variants, via combinatorial species',
  },
  { id: '0705.0091', query: 'seeing a single carbon monolayer through an optical microscope on silicon oxide by reflection contrast' },
  { id: '0705.0122', query: 'strain noise of a cryogenic resonant-mass antenna with a capacitive transducer and SQUID readout' },
  {
    id: '0705.0369',
    query: 'when a bipartite pure state converts deterministically beyond LOCC, a Schmidt coefficient product test weaker than Nielsen',
  },
  {
    id: '0705.0668',
    query: 'neutron diffraction on a silver nickel oxide triangular magnet showing a threefold enlarged cell of breathing NiO6 octahedra',
  },
  {
    id: '0705.0700',
    query: 'mixed continuous discrete models for proportions with point masses at zero or one, fitted by maximum likelihood and moments',
  },
  { id: '0705.1574', query: 'protecting hybrid classical and quantum information with operator algebras in the Heisenberg picture' },
  {
    id: '0801.4315',
    query: 'XMM X-rays from microwave background photons scattered up by electrons in FR II radio lobes, constraining the magnetic field',
  },
  { id: '0909.3304', query: 'reconstructing a low-rank density matrix from few Pauli measurements with convex optimization' },
  {
    id: '1302.0893',
    query: 'post processing weather ensembles with a left censored GEV law for rainfall amounts, with a closed form CRPS for fitting',
  },
  {
    id: '1302.1068',
    query: 'extending Lomb Scargle to nonlinear periodic signal shapes, false alarm levels from Rice extreme value theory, for transits',
  },
  {
    id: '1302.1225',
    query: 'where a constrained control system can start and still obey its limits forever, the semipermeable boundary of that region',
  },
  {
    id: '1302.1235',
    query: 'zero error quantum algorithms deciding whether a bit string has exactly k ones or at least k ones, beating classical',
  },
  {
    id: '1302.1336',
    query: 'lower bounds on entanglement from observed Bell statistics alone, tight for CHSH and Svetlichny, yielding dimension witnesses',
  },
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
  {
    id: '2504.01872',
    query: 'matching keypoints jointly over a group of images instead of pairs, making projections agree across views for tracks',
  },
  {
    id: '2504.10391',
    query: 'writing advertising messages for online shop banners that satisfy many rules, with an LLM repeatedly revising drafts',
  },
  {
    id: '2504.10861',
    query: 'free open source assistant for science questions over papers, giving organized cited reports, with public paper indexes',
  },
  {
    id: '2504.16171',
    query: 'cardiac scans with fewer projection angles, restored by a network trained with an anthropomorphic observer loss',
  },
  {
    id: '2505.01016',
    query: 'how many backbone layers to unfreeze when adapting a small YOLO detector to fruits while keeping its original COCO accuracy',
  },
  {
    id: '2505.02391',
    query: 'per prompt sample budgets set from acceptance rates to cut gradient noise in reward ranked finetuning of math reasoners',
  },
  {
    id: '2505.03528',
    query: 'vehicles sharing perception features over links with Rician fading, cleaned by contrastive weighting and a diffusion denoiser',
  },
  {
    id: '2505.07654',
    query: 'breast conserving surgery margin assessment from DUV scanning microscope whole surface scans with a ViT and Grad-CAM',
  },
  {
    id: '2505.14464',
    query: 'comparing reasoning data distilled from AM Thinking, Qwen3 and DeepSeek R1 teachers, where AM traces train the best students',
  },
  {
    id: '2505.15778',
    query: 'training free LLM reasoning that feeds a probability blended average of embeddings at each step instead of one sampled token',
  },
  {
    id: '2505.17828',
    query: 'minihalo collapse to a Pop III protostar simulated at high resolution, showing how gas infall sets the inner DM cusp',
  },
  {
    id: '2505.23790',
    query: 'recovering tokens from sentence embeddings to bound what a language model keeps, encoder-only beating decoder-only models',
  },
  {
    id: '2506.01564',
    query: 'sorting the dust induced polarization of stars by distance to tell apart sky projected field orientations of clouds',
  },
  {
    id: '2506.09350',
    query: 'streaming one frame per network call by tuning a pretrained diffusion video model with a GAN objective and student forcing',
  },
  {
    id: '2506.22338',
    query: 'spotting collapsed buildings after the 2023 Turkish quake from one COSMO-SkyMed radar image plus OpenStreetMap footprints',
  },
  {
    id: '2507.01270',
    query: 'estimating the host share of fast radio burst dispersion from host star formation per unit mass, isolating the cosmic part',
  },
  {
    id: '2507.07521',
    query: 'dense point trajectories over time represented with splines whose knot count controls flexibility, for dynamic scenes',
  },
  {
    id: '2507.18546',
    query: 'compact CPU encoder that handles named entities, text categories and hierarchical structured outputs from one schema',
  },
  {
    id: '2507.20207',
    query: 'Hawking evaporation of rapidly rotating, boosted PBHs beaming GeV neutrinos into narrow cones, bounded by IceCube and KM3NeT',
  },
  {
    id: '2508.05731',
    query: 'broader exploration during RL with verifiable rewards so multimodal models click the right screen element for an instruction',
  },
  {
    id: '2508.13623',
    query: 'recovering the 3D position and rotation of known class items from one color photo without depth, finished with RANSAC PnP',
  },
  {
    id: '2509.08870',
    query: 'subtracting interplanetary dust glow from GR700XD grism exposures of NIRISS with templates depending on pointing and season',
  },
  {
    id: '2509.08972',
    query: 'delaying collapse of models retrained on their own outputs with a truncated cross entropy that downweights confident tokens',
  },
  {
    id: '2509.14340',
    query: 'leptophilic DM freezing out in a long inflaton decay era, probed by mono Higgs signals at future electron positron machines',
  },
  {
    id: '2509.22019',
    query: 'first person recordings of a teacher coaching a learner in the same room, labeled for steps and dialogue states',
  },
  {
    id: '2509.22628',
    query: 'robot tidying plans expressed as class and activity diagrams from a standard software notation, trained with GRPO',
  },
  {
    id: '2509.26536',
    query: 'benchmark of eight tasks for robots exploring beneath the sea with sonar and optical views, driven by multimodal LLMs',
  },
  {
    id: '2510.06592',
    query: 'trainable color correction layer from Beer Lambert physics for pathology slides that plugs into any detector or classifier',
  },
  {
    id: '2510.08994',
    query: 'token by token picture generators sped up by feeding noisy embeddings and predicting clean next tokens in Jacobi iterations',
  },
  {
    id: '2510.18212',
    query: 'scoring how near AI systems are to an educated adult across ten Cattell Horn Carroll domains, GPT-5 reaching 58 percent',
  },
  {
    id: '2510.24836',
    query: 'faint tidal debris from an accreted dwarf around NGC 4303 in the Virgo cluster discovered in early Vera observatory images',
  },
  {
    id: '2512.08387',
    query: 'refitting KMOS spectra of cool M giants at the Galactic centre with a tailored line list reveals an abundance gradient',
  },
  {
    id: '2601.03633',
    query: 'short term rainfall forecasting from radar echo images with a rectified transport generative model and wavelet skips',
  },
  {
    id: '2601.10075',
    query: 'making 3D scenes look like Post-Impressionist art by bending Gaussian primitives along brushstroke directions from paintings',
  },
  {
    id: '2601.10156',
    query: 'screening each function call of an LLM agent and blocking harmful ones before execution, with an RL trained judge',
  },
  {
    id: '2601.19613',
    query: 'extracting every field of a scanned form in one forward pass with mask placeholders rather than token by token decoding',
  },
  {
    id: '2603.03581',
    query: 'weighting galaxies by local density before two point statistics to get beyond Gaussian information and break degeneracies',
  },
  {
    id: '2603.07159',
    query: 'picking per step the candidate thought a model is most self-certain about rather than majority voting, on GSM8K and MATH500',
  },
  {
    id: '2604.02296',
    query: 'erasing something from a clip and also fixing physical effects it caused, like collisions, using counterfactual Kubric pairs',
  },
  {
    id: '2605.06343',
    query: 'synthetic TabICL pretraining prior versus web-scraped T4 and curated Kaggle tables, synthetic data filling a narrow region',
  },
  {
    id: '2605.07915',
    query: 'which traits of an image tokenizer embedding space help generation, smooth coherent structure beating reconstruction quality',
  },
  {
    id: '2605.12964',
    query: 'velocity model predicting noise in a rank limited subspace and data in full dimension, 1.57 FID on ImageNet pixels',
  },
  {
    id: '2606.02530',
    query: 'LLM refusal training that keeps general skills, a reverse KL penalty only on tokens chosen through activation steering',
  },
  {
    id: '2606.15833',
    query: 'gold triples added to a partial knowledge graph rarely have a supporting passage, so textual checks measure origin only',
  },
  {
    id: '2606.15937',
    query: 'third place ICRA 2026 off-road scene parsing challenge entry with 64 classes, rare category pasting and sliding windows',
  },
  {
    id: 'quant-ph/0109035',
    query: 'three door game show with qubit strategies where entanglement helps a lone quantum player and only mixed equilibria exist',
  },
  {
    id: 'quant-ph/0212072',
    query: 'pushing all annihilation operators right in functions of creation annihilation products, with Stirling and Dobinski formulas',
  },
  {
    id: 'quant-ph/0504053',
    query: 'length versus velocity formulations give opposite dips and humps for detachment of odd parity negative ions',
  },
  {
    id: 'quant-ph/0507276',
    query: 'rubidium matter wave bouncing on an oscillating evanescent light mirror at 500 kHz producing sidebands in momentum',
  },
  {
    id: 'quant-ph/9912105',
    query: 'key distribution with polarization entangled photon pairs from downconversion where Bell inequality violations reveal a spy',
  },
];
