import type { Argv } from 'yargs';
import { writeFileSync } from 'node:fs';
import { buildEdmIndex } from '../../rules/edm-index.js';
import { EXIT } from '../exit.js';
import type { GlobalArgs } from '../common.js';

export interface EdmArgs extends GlobalArgs {
  csv: string;
  column: string;
  out: string;
}

export function edmBuilder(y: Argv): Argv<EdmArgs> {
  return y
    .positional('csv', { type: 'string', demandOption: true, describe: 'CSV file with a header row' })
    .option('column', { type: 'string', demandOption: true, describe: 'the column whose values to index' })
    .option('out', { type: 'string', demandOption: true, describe: 'where to write the index (JSON of salted hashes)' }) as unknown as Argv<EdmArgs>;
}

/** `leakwatch edm index customers.csv --column customer_id --out customers.edm.json` */
export async function edmCommand(a: EdmArgs): Promise<number> {
  const index = await buildEdmIndex(a.csv, a.column);
  writeFileSync(a.out, JSON.stringify(index), { mode: 0o600 });
  process.stdout.write(`indexed ${index.count} distinct values of column "${a.column}" into ${a.out} (salted ${index.algorithm}; no plaintext)\n`);
  process.stdout.write('add it to the config under rules.custom.exact_data with a pattern for candidate tokens\n');
  return EXIT.ok;
}
