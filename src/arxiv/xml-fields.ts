// What the three arXiv parsers share: one XMLParser setup, and reading optional text, dates and counts.
import { XMLParser } from 'fast-xml-parser';
import { parseLooseDate } from '../core/dates.ts';
import { decodeEntities, normalizeWhitespace } from '../core/text.ts';
import { textOf } from './malformed.ts';

/** A parser for arXiv's XML; elements named in `repeated` always come as arrays. */
export function arxivXmlParser(repeated: ReadonlySet<string>): XMLParser {
  // Entities are decoded by our own text cleaning (one pass, numeric references included), not by the parser.
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    processEntities: false,
    removeNSPrefix: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    jPath: false,
    isArray: (name, _path, _leaf, isAttribute) => !isAttribute && repeated.has(name),
  });
}

export function optionalText(v: unknown): string | null {
  const t = textOf(v);
  return t ? normalizeWhitespace(decodeEntities(t)) || null : null;
}

export function isoDate(v: unknown): string | null {
  const t = textOf(v);
  return t ? (parseLooseDate(t)?.toISOString() ?? null) : null;
}

export function count(v: unknown): number | null {
  const t = textOf(v)?.trim();
  const n = t ? Number(t) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : null;
}
