/**
 * A FileSpec and its ground truth, written together: every value is recorded at the location the
 * extractor reports for it, computed from how the text was assembled and never searched for
 * afterwards (a value that happens to occur twice cannot move a location).
 */
import type { FileLocation } from '../../extract/types.js';
import type { Span } from '../plants.js';
import type { FileDecoy, FilePlanted } from '../types.js';
import type { FileSpec, SimFileType } from './spec.js';

export interface FileDraft {
  spec: FileSpec;
  planted: FilePlanted[];
  decoys: FileDecoy[];
}

export class Draft {
  readonly segments: FileSpec['segments'] = [];
  readonly planted: FilePlanted[] = [];
  readonly decoys: FileDecoy[] = [];
  private readonly children: FileSpec[] = [];

  constructor(readonly type: SimFileType, readonly name: string) {}

  /** Places `text` at `at` in the spec; values in it are reported there. */
  text(at: FileLocation, text: string, spans: readonly Span[] = []): void {
    this.segments.push({ location: at, text });
    this.record(spans, at);
  }

  record(spans: readonly Span[], location: FileLocation): void {
    for (const s of spans) {
      const base: FilePlanted = { kind: s.kind, category: s.category, value: s.value, location: { ...location } };
      if (s.reason === undefined) this.planted.push(base);
      else this.decoys.push({ ...base, reason: s.reason });
    }
  }

  /** An archive entry or e-mail attachment: its values are reported behind `entry`. */
  child(d: FileDraft): void {
    this.children.push(d.spec);
    const wrap = <T extends FilePlanted>(p: T): T => ({ ...p, location: { ...p.location, entry: [d.spec.name, ...(p.location.entry ?? [])] } });
    this.planted.push(...d.planted.map(wrap));
    this.decoys.push(...d.decoys.map(wrap));
  }

  done(): FileDraft {
    const spec: FileSpec = { type: this.type, name: this.name, segments: this.segments };
    if (this.children.length > 0) spec.children = this.children;
    return { spec, planted: this.planted, decoys: this.decoys };
  }
}

/**
 * Text-like files: lines, with each value reported at the 1-based line where it starts.
 * txt/md/code: one segment per line, at that line (the builder writes them as they are).
 * json/xml/html: the builder wraps each segment as one item (a JSON string in an array, an XML
 * element, an HTML paragraph) on its own line after `ITEM_FIRST_LINE[type] - 1` lines of
 * preamble, so items must be single lines and values are reported at the item's line; except
 * HTML, which the extractor turns into one text without a location.
 */
export const ITEM_FIRST_LINE: Partial<Record<SimFileType, number>> = { json: 3, xml: 3, html: 4 };

export class Lines {
  private readonly lines: string[] = [];
  private readonly first: number;

  constructor(private readonly draft: Draft) {
    this.first = ITEM_FIRST_LINE[draft.type] ?? 1;
  }

  /** Adds `text` (which may span several lines, except as an item) as the next line(s). */
  add(text: string, spans: readonly Span[] = []): void {
    if (this.first !== 1 && text.includes('\n')) throw new Error(`${this.draft.type} items are single lines`);
    const first = this.first + this.lines.length;
    for (const s of spans) {
      let line = first;
      for (let i = text.indexOf('\n'); i >= 0 && i < s.start; i = text.indexOf('\n', i + 1)) line++;
      this.draft.record([s], this.draft.type === 'html' ? {} : { line });
    }
    this.lines.push(...text.split('\n'));
  }

  finish(): FileDraft {
    this.lines.forEach((text, i) => this.draft.segments.push({ location: { line: this.first + i }, text }));
    return this.draft.done();
  }
}
