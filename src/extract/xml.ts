/** SAX walking of XML parts (saxes's one owner module). Prefixed names are kept as written ('w:t'). */
import { SaxesParser } from 'saxes';

export interface XmlHandlers {
  open?(name: string, attrs: Record<string, string>): void;
  close?(name: string): void;
  text?(text: string): void;
}

/** Walks `xml`, calling the handlers in document order (a self-closing tag gets open then close). Throws on malformed XML. */
export function walkXml(xml: string, h: XmlHandlers): void {
  const parser = xmlParser(h);
  parser.write(xml).close();
}

export interface XmlStream { write(piece: string): XmlStream; close(): unknown }

/** The same walk over XML that arrives in pieces: write() each piece (handlers run during the call), then close(). */
export function xmlParser(h: XmlHandlers): XmlStream {
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => h.open?.(tag.name, tag.attributes as Record<string, string>));
  parser.on('closetag', (tag) => h.close?.(tag.name));
  if (h.text) {
    parser.on('text', (t) => h.text?.(t));
    parser.on('cdata', (t) => h.text?.(t));
  }
  return parser;
}
