/**
 * Built file bytes by content key, bounded by total size and evicting the least recently used:
 * re-uploads of one file share an entry, and a client retrying a download does not rebuild it.
 * Concurrent requests for one key share one build.
 */
export class ByteCache {
  private readonly entries = new Map<string, Buffer>();
  private readonly building = new Map<string, Promise<Buffer>>();
  private total = 0;

  constructor(readonly maxBytes: number) {}

  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.entries.size;
  }

  async get(key: string, build: () => Promise<Buffer>): Promise<Buffer> {
    const hit = this.entries.get(key);
    if (hit) {
      // Map keeps insertion order: re-inserting marks the entry most recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    let pending = this.building.get(key);
    if (!pending) {
      pending = build().finally(() => this.building.delete(key));
      this.building.set(key, pending);
      void pending.then((buf) => this.put(key, buf), () => undefined);
    }
    return pending;
  }

  private put(key: string, buf: Buffer): void {
    // Too big to keep: serve it, cache nothing (the zip bomb stays cached by its builder).
    if (buf.length > this.maxBytes || this.entries.has(key)) return;
    this.entries.set(key, buf);
    this.total += buf.length;
    for (const [k, v] of this.entries) {
      if (this.total <= this.maxBytes) break;
      this.entries.delete(k);
      this.total -= v.length;
    }
  }
}
