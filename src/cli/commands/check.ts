import type { Argv } from 'yargs';
import { readFileSync, existsSync } from 'node:fs';
import { LeakwatchError } from '../../errors.js';
import { loadConfigFile, resolveConfigPath, DEFAULT_CONFIG_FILE } from '../../config/load.js';
import { configSchema } from '../../config/schema.js';
import { loadRules, type RuleOptions } from '../../rules/load.js';
import { Detector } from '../../detect/engine.js';
import { EXIT } from '../exit.js';
import type { GlobalArgs } from '../common.js';
import { table } from '../format.js';

export interface CheckArgs extends GlobalArgs {
  input: string;
  format?: string;
  'min-confidence'?: string;
}

export function checkBuilder(y: Argv): Argv<CheckArgs> {
  return y
    .positional('input', { type: 'string', demandOption: true, describe: 'a text file, or - for standard input' })
    .option('format', { type: 'string', choices: ['table', 'json'], default: 'table', describe: 'json: one object per finding per line' })
    .option('min-confidence', { type: 'string', choices: ['low', 'medium', 'high'], describe: 'override rules.min_confidence' }) as unknown as Argv<CheckArgs>;
}

/**
 * The rule options in force: the config's `rules` section when a config is given or
 * ./leakwatch.yaml exists (no API key needed), else the defaults; `packs` replace the paths.
 */
export function ruleOptionsFor(argv: GlobalArgs, packs?: string[]): RuleOptions {
  const hasConfig = argv.config !== undefined || process.env.LEAKWATCH_CONFIG !== undefined || existsSync(DEFAULT_CONFIG_FILE);
  const rules = hasConfig
    ? loadConfigFile(resolveConfigPath(argv.config), { ...process.env, LEAKWATCH_WORKSPACE_ID: process.env.LEAKWATCH_WORKSPACE_ID ?? 'unused' }).config.rules
    : configSchema.shape.rules.parse({});
  return packs !== undefined && packs.length > 0 ? { ...rules, paths: packs } : rules;
}

/** Scans local text, as a pre-commit hook or a pipeline step would: exit 1 when something is found. */
export async function checkCommand(a: CheckArgs): Promise<number> {
  const options = ruleOptionsFor(a);
  if (a['min-confidence'] !== undefined) options.min_confidence = a['min-confidence'] as RuleOptions['min_confidence'];
  const loaded = loadRules(options);
  let text: string;
  try {
    // yargs hands a lone '-' over as an empty string.
    text = readFileSync(a.input === '-' || a.input === '' ? 0 : a.input, 'utf8');
  } catch (err) {
    throw new LeakwatchError('USAGE', 'usage', `cannot read ${a.input}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const found = new Detector(loaded.compiled).scan(text);
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const position = (offset: number): { line: number; column: number } => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (lineStarts[lo] as number) + 1 };
  };
  const rows = found.map((d) => {
    const meta = loaded.meta.get(d.ruleId);
    return { start: d.start, end: d.end, ...position(d.start), rule: d.ruleId, category: meta?.category, severity: meta?.severity, confidence: d.confidence, preview: d.preview };
  });
  if (a.format === 'json') {
    for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
  } else if (rows.length > 0) {
    process.stdout.write(table(rows.map((r) => [`${r.line}:${r.column}`, r.rule, r.severity ?? '', r.confidence, r.preview]), ['line:col', 'rule', 'severity', 'confidence', 'preview']));
  }
  if (a.format !== 'json') process.stderr.write(`${rows.length} finding(s)\n`);
  return rows.length > 0 ? EXIT.findings : EXIT.ok;
}
