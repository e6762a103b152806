import type { FileLocation } from '../../extract/types.js';

/** The file types the simulator builds (with the real libraries of each format). */
export type SimFileType =
  | 'pdf' | 'docx' | 'xlsx' | 'csv' | 'pptx' | 'odt' | 'ods'
  | 'txt' | 'md' | 'code' | 'json' | 'xml' | 'html' | 'eml' | 'zip' | 'png';

/**
 * A file to build: its text, and where each piece goes. A builder places every segment's text at
 * its location (PDF `page`; XLSX/ODS `sheet` + `cell`; CSV `cell`; PPTX `slide`, with
 * `part: 'notes'` for speaker notes; DOCX/ODT `part` 'body' | 'header' | 'footer'; EML `part`
 * 'subject' | 'body'), so that extracting the built file gives that text back at that location.
 */
export interface FileSpec {
  type: SimFileType;
  name: string;
  segments: { location: FileLocation; text: string }[];
  /** Entries of a zip, attachments of an e-mail: built recursively. */
  children?: FileSpec[];
  /** Build the file encrypted with this password (DOCX/XLSX: Office encryption; zip: not supported). */
  password?: string;
}
