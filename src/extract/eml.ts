/**
 * E-mail (.eml) with mailparser (its one owner module): the address and date headers ({part:'headers'}), the
 * subject ({part:'subject'}), the body ({part:'body'}, text or HTML as text), then every
 * attachment extracted as a nested file (entry: [filename]).
 */
import { simpleParser, type AddressObject } from 'mailparser';
import { extractChild } from './child.js';
import type { Ctx, Ev } from './context.js';
import { htmlToText } from './html.js';

export async function* extractEml(data: Buffer, ctx: Ctx): AsyncGenerator<Ev> {
  const mail = await simpleParser(data, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true });
  const addr = (a: AddressObject | AddressObject[] | undefined): string | undefined =>
    a === undefined ? undefined : (Array.isArray(a) ? a : [a]).map((x) => x.text).join(', ');
  const headers: [string, string | undefined][] = [
    ['From', addr(mail.from)], ['To', addr(mail.to)], ['Cc', addr(mail.cc)], ['Bcc', addr(mail.bcc)],
    ['Reply-To', addr(mail.replyTo)], ['Date', mail.date?.toISOString()],
  ];
  // The subject is its own part, not repeated here: a value in it is one finding, not two.
  const headerText = headers.filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`).join('\n');
  if (headerText) yield { type: 'segment', segment: { location: { part: 'headers' }, text: headerText } };
  if (mail.subject?.trim()) yield { type: 'segment', segment: { location: { part: 'subject' }, text: mail.subject } };
  const body = mail.text?.trim() ? mail.text : typeof mail.html === 'string' ? htmlToText(mail.html) : '';
  if (body.trim()) yield { type: 'segment', segment: { location: { part: 'body' }, text: body } };
  for (const [i, att] of mail.attachments.entries()) {
    ctx.totals.entries++;
    const name = att.filename ?? `attachment-${i + 1}`;
    if (ctx.totals.entries > ctx.limits.maxEntries) {
      yield { type: 'problem', problem: { code: 'ARCHIVE_LIMIT', message: `more than ${ctx.limits.maxEntries} entries: the rest was not read`, location: { entry: [name] } } };
      return;
    }
    yield* extractChild(ctx, name, async () => att.content);
  }
}
