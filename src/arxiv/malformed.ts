// Reading arXiv's XML bodies without trusting them: the error for a body that is not the document we asked for
// (an HTML error page, a cut-off download, another feed), and shape-checked access to the parsed tree.
import type { XMLParser } from 'fast-xml-parser';

/** A response body that is not the XML document expected at all; the message says what was expected and found. */
export class MalformedResponse extends Error {
  override name = 'MalformedResponse';
}

/** One parsed element: child elements and '@'-prefixed attributes by name, text under '#text'. */
export type XmlElement = { readonly [name: string]: unknown };

const SHOWN_CHARS = 80;
const SPACES = /\s+/g;

/** Returns the first characters of a body on one line, for error messages. */
export function bodyStart(body: string): string {
  if (body.trim() === '') return 'an empty body';
  return JSON.stringify(
    body
      .slice(0, SHOWN_CHARS * 2)
      .replace(SPACES, ' ')
      .trim()
      .slice(0, SHOWN_CHARS),
  );
}

/**
 * Parses `xml` and returns its root element named `root`, or throws MalformedResponse. `closing` must match the end
 * of the body: fast-xml-parser accepts a truncated document without complaint, so a cut-off download is caught here.
 */
export function parseXmlRoot(parser: XMLParser, xml: string, root: string, closing: RegExp, expected: string): XmlElement {
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch (e) {
    throw new MalformedResponse(
      `expected ${expected}, found XML that is not well-formed (${(e as Error).message.split('\n')[0]}): ${bodyStart(xml)}`,
    );
  }
  const top = elementOf(elementOf(doc)?.[root]) ?? (elementOf(doc)?.[root] === '' ? {} : null);
  if (!top) throw new MalformedResponse(`expected ${expected}, found ${bodyStart(xml)}`);
  if (!closing.test(xml.trimEnd().slice(-SHOWN_CHARS))) {
    throw new MalformedResponse(`expected ${expected}, found a body cut off before its closing </${root}>: ${bodyStart(xml)}`);
  }
  return top;
}

/** The text of a leaf element (with or without attributes), or null when it is absent or has children only. */
export function textOf(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const t = (v as XmlElement)['#text'];
    return typeof t === 'string' ? t : null;
  }
  return null;
}

/** The element itself when `v` is one, else null. */
export function elementOf(v: unknown): XmlElement | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as XmlElement) : null;
}

/** The texts of a repeated leaf child (declared as an array by the parser), skipping empty ones. */
export function textsOf(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  const out: string[] = [];
  for (const x of v) {
    const t = textOf(x);
    if (t) out.push(t);
  }
  return out;
}

/** The elements of a repeated child (the parsers declare those as arrays); an empty element counts as none. */
export function elementsOf(v: unknown): XmlElement[] {
  if (!Array.isArray(v)) return [];
  const out: XmlElement[] = [];
  for (const x of v) {
    const e = elementOf(x);
    if (e) out.push(e);
  }
  return out;
}
