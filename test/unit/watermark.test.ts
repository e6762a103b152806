import { describe, it, expect } from 'vitest';
import { Watermark } from '../../src/pipeline/watermark.js';

describe('watermark', () => {
  it('moves only past the contiguous prefix of closed units with nothing outstanding', () => {
    const w = new Watermark();
    const a = w.open('A');
    const b = w.open('B');
    const c = w.open('C');
    w.add(a);
    w.add(b);
    w.close(b);
    w.settle(b);
    expect(w.advance()).toBeUndefined(); // b is done but a is not
    w.close(a);
    expect(w.advance()).toBeUndefined(); // a still has an item in flight
    w.settle(a);
    expect(w.advance()).toEqual({ checkpoint: 'B' }); // a and b pass together
    w.close(c);
    expect(w.advance()).toEqual({ checkpoint: 'C' });
    expect(w.openUnits()).toBe(0);
  });

  it('never passes a unit that was not closed (an interrupted read)', () => {
    const w = new Watermark();
    const a = w.open('A');
    w.add(a);
    w.settle(a);
    expect(w.advance()).toBeUndefined();
    expect(w.hasOutstanding(a)).toBe(false);
  });
});
