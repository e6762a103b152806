/**
 * Plain data shared by the extractors, the file worker, the store and the simulator's ground
 * truth. Everything here crosses the worker boundary, so: no classes, no functions.
 */

/** What the content sniffing decided a file is (by magic bytes first, the name only as a tiebreak). */
export type FileKind =
  | 'pdf' | 'docx' | 'xlsx' | 'pptx' | 'odt' | 'ods' | 'odp'
  | 'csv' | 'text' | 'markdown' | 'code' | 'json' | 'xml' | 'html' | 'eml'
  | 'zip' | 'image' | 'encrypted-office' | 'unknown';

/**
 * Where a piece of text sits inside a file. Only the fields that apply are set:
 * PDF `page`; XLSX/ODS/CSV `sheet` (CSV: none) and `cell` (A1 style); PPTX/ODP `slide`;
 * text-like files `line` (1-based line of the match start); `part` for the part of a document
 * ('body', 'header', 'footer', 'footnotes', 'endnotes', 'comments', 'notes' of a slide, and an
 * e-mail's 'headers', 'subject', 'body'). HTML text is one piece: its findings have no location.
 * `entry` is the chain of archive entries (and e-mail attachments) from the outermost file
 * inward: ['exports/q2.zip', 'q2/customers.xlsx'].
 */
export interface FileLocation {
  page?: number;
  sheet?: string;
  cell?: string;
  slide?: number;
  line?: number;
  part?: string;
  entry?: string[];
}

/** A run of extracted text and where it came from. Finding offsets are JS string offsets into `text`. */
export interface TextSegment {
  location: FileLocation;
  text: string;
  /**
   * For a segment that holds several cells (a spreadsheet or CSV row, cells joined by tabs): where
   * each cell starts in `text`, in order. A finding is then reported at its cell, with offsets
   * into that cell's text.
   */
  cells?: { start: number; cell: string }[];
}

/** Why a file, or a part of one, was not (fully) scanned. Stable codes: stored and shown to users. */
export type ExtractErrorCode =
  | 'FILE_ENCRYPTED'      // password-protected PDF, encrypted Office file, encrypted zip entry
  | 'FILE_CORRUPT'        // the parser rejected it (truncated, malformed)
  | 'FILE_UNSUPPORTED'    // a type leakwatch does not read (binary, unknown)
  | 'FILE_IMAGE'          // an image: not scanned, there is no OCR
  | 'FILE_TOO_LARGE'      // over files.max_document_bytes (files.max_download_bytes for downloads)
  | 'ARCHIVE_LIMIT'       // depth, entry count, total uncompressed size or compression ratio over its limit
  | 'TEXT_LIMIT'          // more text than files.max_text_chars: the rest was not scanned
  | 'EXTRACT_TIMEOUT'     // over files.timeout_seconds (the worker was stopped)
  | 'EXTRACT_MEMORY'      // over files.max_worker_memory_mb (its extraction process ran out of heap)
  | 'EXTRACT_CRASHED'     // its extraction process died for another reason (a parser crash)
  | 'FINDINGS_LIMIT';     // more findings in one file than are kept (the rest dropped)

export interface ExtractProblem {
  code: ExtractErrorCode;
  /** Human-readable, names the part of the file: "entry q2/x.docx: encrypted". Never contains file text. */
  message: string;
  location: FileLocation;
}

export interface ExtractLimits {
  /** Largest file (or archive entry, once inflated) read, bytes. */
  maxFileBytes: number;
  /** Nesting of archives (and e-mail attachments) followed; the outermost file is depth 0. */
  maxDepth: number;
  /** Entries read from one archive, and in total over all nested archives. */
  maxEntries: number;
  /** Total inflated bytes over all archive entries of one file. */
  maxUncompressedBytes: number;
  /** Largest inflated/compressed ratio accepted for an archive entry. */
  maxCompressionRatio: number;
  /** Extracted text kept per file (UTF-16 code units); past it the file is marked TEXT_LIMIT. */
  maxTextChars: number;
}

/** What an extraction yields, in order: the kind first, then segments and problems as they come. */
export type ExtractEvent =
  | { type: 'kind'; kind: FileKind }
  | { type: 'segment'; segment: TextSegment }
  | { type: 'problem'; problem: ExtractProblem };
