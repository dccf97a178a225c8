// The text of a paper that embedding providers turn into a vector; the store reads it, the providers take it.
/** The text of a paper as providers embed it. */
export interface PaperText {
  title: string;
  abstract: string;
  authors: string[];
  categories: string[];
}
