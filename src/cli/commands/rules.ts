import type { Argv } from 'yargs';
import { loadRules, type LoadedRules } from '../../rules/load.js';
import { rulePackJsonSchema } from '../../rules/schema.js';
import { EXIT } from '../exit.js';
import type { GlobalArgs } from '../common.js';
import { renderRows, table, type OutputFormat } from '../format.js';
import { ruleOptionsFor } from './check.js';

export interface RulesArgs extends GlobalArgs {
  action: 'list' | 'validate' | 'test' | 'schema';
  packs?: string[];
  format?: string;
}

export function rulesBuilder(y: Argv): Argv<RulesArgs> {
  return y
    .positional('action', { choices: ['list', 'validate', 'test', 'schema'] as const, describe: 'list the catalogue, validate packs, run their examples, or print the pack JSON Schema' })
    .positional('packs', { type: 'string', array: true, describe: 'rule pack files or folders (default: the config\'s rules.paths, or the built-in packs)' })
    .option('format', { type: 'string', choices: ['table', 'json', 'csv'], default: 'table' }) as unknown as Argv<RulesArgs>;
}

/** For rule authors and pipelines: every problem is listed with `file: rule-id:` and exits 2. */
export async function rulesCommand(a: RulesArgs): Promise<number> {
  if (a.action === 'schema') {
    process.stdout.write(`${JSON.stringify(rulePackJsonSchema(), null, 2)}\n`);
    return EXIT.ok;
  }
  const loaded = loadRules(ruleOptionsFor(a, a.packs));
  if (a.action === 'list') {
    process.stdout.write(renderRows(catalogue(loaded), ['id', 'category', 'severity', 'confidence', 'validator', 'context', 'description', 'file'], (a.format ?? 'table') as OutputFormat));
    if (a.format !== 'json') process.stderr.write(`${loaded.rules.length} rules in ${loaded.files.length} packs\n`);
    return EXIT.ok;
  }
  if (a.action === 'test') {
    const rows = loaded.rules.map(({ rule }) => [rule.id, String(rule.examples.match.length), String(rule.examples.ignore.length), 'pass']);
    process.stdout.write(table(rows, ['rule', 'match examples', 'ignore examples', 'result']));
  }
  const examples = loaded.rules.reduce((n, { rule }) => n + rule.examples.match.length + rule.examples.ignore.length, 0);
  process.stdout.write(`ok: ${loaded.rules.length} rules in ${loaded.files.length} packs, ${examples} examples pass\n`);
  return EXIT.ok;
}

function catalogue(loaded: LoadedRules): Record<string, unknown>[] {
  return loaded.rules.map(({ rule, file }) => ({
    id: rule.id,
    category: rule.category,
    severity: rule.severity,
    confidence: rule.confidence,
    validator: rule.validator ?? '',
    context: rule.context ? (rule.context.required ? 'required' : 'raises') : '',
    description: rule.description,
    file: file.split('/').pop(),
  }));
}
