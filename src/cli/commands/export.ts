import type { Argv } from 'yargs';
import { resolve } from 'node:path';
import { openDb } from '../../store/db.js';
import { exportFindings, renderFindings, writeFileAtomic, type ExportFormat } from '../../export/index.js';
import { EXIT } from '../exit.js';
import { loadCliConfig } from '../common.js';
import { findingFilter, findingFilterOptions, ruleDescriptions, type FindingFilterArgs } from './findings.js';

export interface ExportArgs extends FindingFilterArgs {
  format: ExportFormat;
  out: string;
}

export function exportBuilder(y: Argv): Argv<ExportArgs> {
  return findingFilterOptions(y)
    .option('format', { type: 'string', choices: ['json', 'csv', 'sarif'], demandOption: true, describe: 'json: one object per line; csv: formula-safe; sarif: SARIF 2.1.0' })
    .option('out', { type: 'string', demandOption: true, describe: 'file to write (written to FILE.tmp, then renamed over FILE)' }) as unknown as Argv<ExportArgs>;
}

/** Writes the findings that match the filters to a file, whole or not at all. */
export async function exportCommand(argv: ExportArgs): Promise<number> {
  const { config } = loadCliConfig(argv);
  const db = openDb(config.database.path, { readonly: true });
  try {
    const findings = exportFindings(db, findingFilter(argv));
    const text = renderFindings(findings, argv.format, { ruleDescriptions: argv.format === 'sarif' ? ruleDescriptions(config) : undefined });
    const out = resolve(argv.out);
    writeFileAtomic(out, text);
    process.stdout.write(`wrote ${findings.length} finding(s) to ${out} (${argv.format})\n`);
    return EXIT.ok;
  } finally {
    db.close();
  }
}
