import { describe, it, expect } from 'vitest';
import { belowFloor, readFloor, runAccuracy } from '../../bench/accuracy.js';

/**
 * The build fails when detection accuracy falls below the recorded floor
 * (bench/accuracy-floor.json) on a generated evaluation corpus. bench/accuracy.ts runs the
 * same evaluation on a larger corpus and writes bench/ACCURACY.md.
 */
describe('detection accuracy on the evaluation corpus', () => {
  it('stays at or above the recorded precision and recall floor in every category', async () => {
    const { ev } = await runAccuracy(4000, 7);
    expect(Object.keys(ev.categories).sort()).toEqual(expect.arrayContaining(['financial', 'pii', 'secret']));
    expect(belowFloor(ev, readFloor()), JSON.stringify({ misses: ev.missSamples.slice(0, 10), falsePositives: ev.falsePositiveSamples.slice(0, 10) }, null, 1)).toEqual([]);
  });
});
