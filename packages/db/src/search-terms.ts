// What makes a search term: pure, with no database behind it, so the console
// (a browser bundle) validates a picker's term with the api's own schema.

const MAX_WORDS = 5;
/** The shortest word a trigram index can look up. */
export const MIN_INDEXED_WORD = 3;

/** The words of a search term, lowercased, at most five (the rest adds nothing a picker needs). */
export const searchWords = (term: string): string[] => term.toLowerCase().split(/\s+/).filter(Boolean).slice(0, MAX_WORDS);

/** Whether a term has a word the indexes can look up. */
export const searchable = (term: string): boolean => searchWords(term).some((word) => word.length >= MIN_INDEXED_WORD);
