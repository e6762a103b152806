/** HTML to text with html-to-text (its one owner module): no wrapping, link targets kept, images skipped. */
import { convert } from 'html-to-text';

export function htmlToText(html: string): string {
  return convert(html, {
    wordwrap: false,
    // Its default cuts input past 16 Mi characters, silently but for a console line. The document
    // is already bounded by files.max_document_bytes, so read all of it.
    limits: { maxInputLength: html.length + 1 },
    selectors: [
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true, ignoreHref: false } },
      { selector: 'img', format: 'skip' },
    ],
  });
}
