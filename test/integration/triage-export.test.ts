import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { harness, runCli as run } from '../helpers/harness.js';
import { sarifProblems } from '../helpers/sarif.js';
import { runScan } from '../../src/app/scan.js';
import { openDb } from '../../src/store/db.js';
import { listFindings } from '../../src/store/queries.js';
import { loadSuppressions, isSuppressed } from '../../src/store/suppressions.js';
import type { SarifLog } from '../../src/export/sarif.js';

describe('triage and exports against a scanned simulator', () => {
  it('triages through the CLI (history, suppression, refusals), lists by status, exports json/csv/sarif without a raw value', async () => {
    const h = await harness({ seed: 4, users: 5, conversations: 30, historyDays: 20, logsRetentionDays: 365 });
    try {
      const rt = h.runtime();
      await runScan(rt, { since: new Date(Date.now() - 400 * 86_400_000), until: null, source: 'logs' });
      await rt.close();

      const file = join(h.dir, 'c.yaml');
      writeFileSync(file, [
        `workspace_id: ${h.sim.workspaceId}`, 'api:', `  base_url: ${h.sim.url}`,
        `database: { path: ${h.dbPath} }`, 'log: { level: warn }',
      ].join('\n'));
      const env = { ...process.env, LEAKWATCH_API_KEY: h.sim.apiKey };

      // The pipeline fills value_hash; `old` stands for a row recorded before value hashes existed.
      const db = openDb(h.dbPath);
      const all = listFindings(db, {});
      expect(all.length).toBeGreaterThan(3);
      expect(all.every((f) => /^[0-9a-f]{64}$/.test(f.value_hash ?? ''))).toBe(true);
      const [fp, old, ack] = all as [typeof all[0], typeof all[0], typeof all[0]];
      db.prepare('UPDATE findings SET value_hash = NULL WHERE id = ?').run(old.id);
      db.close();

      const triage = await run(['triage', String(fp.id), '--config', file, '--status', 'false_positive', '--suppress', 'rule', '--note', 'test data', '--by', 'tester'], env).done;
      expect(triage.stderr).toBe('');
      expect(triage.status).toBe(0);
      expect(triage.stdout).toContain(`finding ${fp.id}: open -> false_positive; value suppressed for rule ${fp.rule_id}`);

      const noHash = await run(['triage', String(old.id), String(ack.id), '--config', file, '--status', 'false_positive', '--suppress', 'all'], env).done;
      expect(noHash.status).toBe(2);
      expect(noHash.stderr).toContain('[NO_VALUE_HASH]');
      expect(noHash.stderr).toContain('allowlist');
      const missing = await run(['triage', '999999', '--config', file, '--status', 'resolved'], env).done;
      expect(missing.status).toBe(2);
      expect(missing.stderr).toMatch(/finding 999999 .*\[FINDING_NOT_FOUND\]/);
      const badCombo = await run(['triage', String(ack.id), '--config', file, '--status', 'resolved', '--suppress', 'rule'], env).done;
      expect(badCombo.status).toBe(2);
      const acked = await run(['triage', String(ack.id), '--config', file, '--status', 'acknowledged'], env).done;
      expect(acked.status).toBe(0);

      const check = openDb(h.dbPath, { readonly: true });
      try {
        // The refused batch changed nothing (all or nothing).
        expect(listFindings(check, { id: old.id })[0]!.status).toBe('open');
        expect(listFindings(check, { id: ack.id })[0]!.status).toBe('acknowledged');
        const sup = loadSuppressions(check);
        expect(isSuppressed(sup, fp.rule_id, fp.value_hash ?? '')).toBe(true);
        expect(isSuppressed(sup, `${fp.rule_id}-other`, fp.value_hash ?? '')).toBe(false);
      } finally {
        check.close();
      }

      const fpList = await run(['findings', '--config', file, '--status', 'false_positive', '--format', 'json'], env).done;
      expect(fpList.status).toBe(0);
      const fpRows = fpList.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(fpRows.map((r) => [r.id, r.status])).toEqual([[fp.id, 'false_positive']]);
      expect(fpRows[0]).not.toHaveProperty('value_hash');
      const one = await run(['findings', '--config', file, '--id', String(fp.id)], env).done;
      expect(one.stdout).toContain(`triage history of finding ${fp.id}`);
      expect(one.stdout).toMatch(/false_positive\s+tester\s+test data/);
      expect(one.stderr).toContain('1 finding(s)');

      const outs: Record<string, string> = {};
      for (const format of ['json', 'csv', 'sarif']) {
        const out = join(h.dir, `export.${format}`);
        const r = await run(['export', '--config', file, '--format', format, '--out', out], env).done;
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        expect(r.stdout).toContain(`wrote ${all.length} finding(s) to ${out}`);
        outs[format] = readFileSync(out, 'utf8');
      }
      expect(readdirSync(h.dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);

      const json = outs.json!.trim().split('\n').map((l) => JSON.parse(l) as { id: number; status: string });
      expect(json).toHaveLength(all.length);
      expect(json.find((r) => r.id === ack.id)?.status).toBe('acknowledged');

      const csv = parse(outs.csv!) as string[][];
      expect(csv[0]).toContain('status');
      expect(csv).toHaveLength(all.length + 1);
      for (const row of csv) for (const cell of row) expect(/^[=+\-@\t\r]/.test(cell)).toBe(false);

      const sarif = JSON.parse(outs.sarif!) as SarifLog;
      expect(sarifProblems(sarif)).toEqual([]);
      const results = sarif.runs[0]!.results;
      expect(results).toHaveLength(all.length);
      expect(new Set(results.map((r) => r.partialFingerprints['leakwatch/v1']))).toEqual(new Set(all.map((f) => f.fingerprint)));
      for (const r of results) {
        expect(sarif.runs[0]!.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
        for (const l of [...r.locations, ...(r.relatedLocations ?? [])]) expect(() => new URL(l.physicalLocation!.artifactLocation.uri)).not.toThrow();
      }
      // Findings in uploaded files point at chatgpt://.../file/<id> with the file name, and their message places.
      const fileResults = results.filter((r) => r.locations[0]?.physicalLocation?.artifactLocation.uri.includes('/file/'));
      expect(fileResults.length).toBe(all.filter((f) => f.source_kind === 'file').length);
      expect(fileResults.length).toBeGreaterThan(0);
      for (const r of fileResults) expect(r.locations[0]!.physicalLocation!.artifactLocation.description?.text).toBeTruthy();
      const fpResult = results.find((r) => r.partialFingerprints['leakwatch/v1'] === fp.fingerprint)!;
      expect(fpResult.suppressions).toHaveLength(1);
      expect(fpResult.properties.status).toBe('false_positive');
      // Rule descriptions come from the packs.
      expect(sarif.runs[0]!.tool.driver.rules.some((x) => x.shortDescription.text !== `${x.id} (${x.properties.category})`)).toBe(true);

      // findings --format sarif is the same log.
      const stdoutSarif = await run(['findings', '--config', file, '--format', 'sarif'], env).done;
      expect(sarifProblems(JSON.parse(stdoutSarif.stdout))).toEqual([]);

      const truth = h.sim.groundTruth();
      const planted = [...truth.planted.map((p) => p.value), ...truth.files.flatMap((f) => f.planted.map((p) => p.value))];
      expect(planted.length).toBeGreaterThan(0);
      for (const text of [...Object.values(outs), fpList.stdout, one.stdout, stdoutSarif.stdout]) {
        expect(planted.filter((v) => text.includes(v))).toEqual([]);
      }
      expect(existsSync(`${join(h.dir, 'export.json')}.tmp`)).toBe(false);
    } finally {
      await h.close();
    }
  });
});
