import { createReadStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { parse } from 'csv-parse';
import { LeakwatchError } from '../errors.js';
import { EDM_ALGORITHM, exactDataHash } from '../detect/exact-data.js';
import type { EdmIndex } from './custom.js';

/**
 * Builds an exact-data index from one column of a CSV (streamed): each value is normalised and
 * keyed-hashed with a fresh random salt. The index holds no plaintext, so it can be deployed
 * where the CSV may not go.
 */
export async function buildEdmIndex(csvPath: string, column: string): Promise<EdmIndex> {
  const salt = randomBytes(16).toString('hex');
  const hashes = new Set<string>();
  const parser = createReadStream(csvPath).pipe(parse({ columns: true, skip_empty_lines: true, trim: true, bom: true }));
  let line = 1;
  try {
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      line++;
      if (!(column in record)) {
        throw new LeakwatchError('USAGE', 'usage', `${csvPath}: no column "${column}" (columns: ${Object.keys(record).join(', ')})`);
      }
      const value = record[column] ?? '';
      if (value.trim() !== '') hashes.add(exactDataHash(salt, value));
    }
  } catch (err) {
    if (err instanceof LeakwatchError) throw err;
    throw new LeakwatchError('USAGE', 'usage', `${csvPath}: not readable as CSV near line ${line}: ${(err as Error).message}`);
  }
  return { version: 1, algorithm: EDM_ALGORITHM, salt, column, count: hashes.size, hashes: [...hashes].sort() };
}
