// English function words that are not indexed: they occur in nearly every abstract, so they would cost
// the largest posting lists while carrying no ranking signal (BM25 gives them an idf near zero anyway).
// They still take up a position, so the phrase "state of the art" needs "art" three words after "state".
// Deliberately the classic short list: topic words frequent in abstracts ("model", "paper") stay searchable,
// and so do "no" and "not", which change what a title means ("No Free Lunch").

export const STOPWORDS: ReadonlySet<string> = new Set([
  'a', 'about', 'above', 'after', 'again', 'against', 'all', 'also', 'am', 'an', 'and', 'any', 'are', 'as', 'at',
  'be', 'because', 'been', 'before', 'being', 'below', 'between', 'both', 'but', 'by',
  'can', 'could', 'did', 'do', 'does', 'doing', 'down', 'during', 'each', 'few', 'for', 'from', 'further',
  'had', 'has', 'have', 'having', 'he', 'her', 'here', 'hers', 'herself', 'him', 'himself', 'his', 'how',
  'i', 'if', 'in', 'into', 'is', 'it', 'its', 'itself', 'just', 'may', 'me', 'might', 'more', 'most', 'must', 'my', 'myself',
  'nor', 'of', 'off', 'on', 'once', 'only', 'or', 'other', 'our', 'ours', 'ourselves', 'out', 'over', 'own',
  'same', 'she', 'should', 'so', 'some', 'such', 'than', 'that', 'the', 'their', 'theirs', 'them', 'themselves',
  'then', 'there', 'these', 'they', 'this', 'those', 'through', 'thus', 'to', 'too', 'under', 'until', 'up', 'upon',
  'us', 'very', 'via', 'was', 'we', 'were', 'what', 'when', 'where', 'whether', 'which', 'while', 'who', 'whom',
  'why', 'will', 'with', 'would', 'you', 'your', 'yours', 'yourself', 'yourselves',
]);
