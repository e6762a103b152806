import type { FileLocation } from './types.js';

/** A canonical key for a location (fixed field order): part of a file finding's fingerprint. */
export function locationKey(loc: FileLocation): string {
  const parts: string[] = [];
  if (loc.entry !== undefined && loc.entry.length > 0) parts.push(`entry=${loc.entry.join('\u001f')}`);
  if (loc.part !== undefined) parts.push(`part=${loc.part}`);
  if (loc.page !== undefined) parts.push(`page=${loc.page}`);
  if (loc.slide !== undefined) parts.push(`slide=${loc.slide}`);
  if (loc.sheet !== undefined) parts.push(`sheet=${loc.sheet}`);
  if (loc.cell !== undefined) parts.push(`cell=${loc.cell}`);
  if (loc.line !== undefined) parts.push(`line=${loc.line}`);
  return parts.join(';');
}

/** The same fields in the same order as plain JSON, for the database and exports. */
export function locationJson(loc: FileLocation): string {
  const ordered: FileLocation = {};
  if (loc.entry !== undefined && loc.entry.length > 0) ordered.entry = loc.entry;
  if (loc.part !== undefined) ordered.part = loc.part;
  if (loc.page !== undefined) ordered.page = loc.page;
  if (loc.slide !== undefined) ordered.slide = loc.slide;
  if (loc.sheet !== undefined) ordered.sheet = loc.sheet;
  if (loc.cell !== undefined) ordered.cell = loc.cell;
  if (loc.line !== undefined) ordered.line = loc.line;
  return JSON.stringify(ordered);
}

/** For people: "exports.zip > q2/customers.xlsx, sheet Customers, cell B7". */
export function locationText(loc: FileLocation): string {
  const parts: string[] = [];
  if (loc.entry !== undefined && loc.entry.length > 0) parts.push(loc.entry.join(' > '));
  if (loc.page !== undefined) parts.push(`page ${loc.page}`);
  if (loc.slide !== undefined) parts.push(`slide ${loc.slide}`);
  if (loc.sheet !== undefined) parts.push(`sheet ${loc.sheet}`);
  if (loc.cell !== undefined) parts.push(`cell ${loc.cell}`);
  if (loc.line !== undefined) parts.push(`line ${loc.line}`);
  if (loc.part !== undefined) parts.push(loc.part);
  return parts.length > 0 ? parts.join(', ') : 'whole file';
}
