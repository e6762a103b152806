/**
 * Tracks units of work in fetch order and says how far the checkpoint may move: only past the
 * contiguous prefix of units that are fully read and whose every item is committed
 * (design decision 3). Units finishing out of order wait for the ones before them.
 */
interface UnitState {
  closed: boolean;
  outstanding: number;
  checkpoint: unknown;
}

export class Watermark {
  private readonly units = new Map<number, UnitState>();
  private nextSeq = 0;
  private low = 0;

  open(checkpoint: unknown): number {
    const seq = this.nextSeq++;
    this.units.set(seq, { closed: false, outstanding: 0, checkpoint });
    return seq;
  }

  add(seq: number): void {
    this.state(seq).outstanding++;
  }

  settle(seq: number): void {
    this.state(seq).outstanding--;
  }

  close(seq: number): void {
    this.state(seq).closed = true;
  }

  /** Pops the finished prefix; returns the checkpoint to write, or undefined if it did not move. */
  advance(): { checkpoint: unknown } | undefined {
    let moved: { checkpoint: unknown } | undefined;
    for (;;) {
      const u = this.units.get(this.low);
      if (u === undefined || !u.closed || u.outstanding > 0) return moved;
      moved = { checkpoint: u.checkpoint };
      this.units.delete(this.low);
      this.low++;
    }
  }

  hasOutstanding(seq: number): boolean {
    const u = this.units.get(seq);
    return u !== undefined && u.outstanding > 0;
  }

  /** Units opened but not yet behind the checkpoint. */
  openUnits(): number {
    return this.units.size;
  }

  private state(seq: number): UnitState {
    const u = this.units.get(seq);
    if (u === undefined) throw new Error(`watermark: unit ${seq} is not open`);
    return u;
  }
}
