/**
 * Rendered export screenshots kept per page (popup or editor), so exporting the same SOP as Markdown, then
 * HTML, then PDF encodes each step once. Keys come from renderCacheKey (lib/export/image-format.ts): an edit
 * to a step's screenshot makes a new key, and the stale entry ages out. Bounded by bytes, least recently used
 * first; concurrent requests for one key share one render.
 */
export class RenderCache {
  private readonly entries = new Map<string, Uint8Array>();
  private readonly pending = new Map<string, Promise<Uint8Array>>();
  private total = 0;

  constructor(private readonly maxBytes: number) {}

  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached bytes for `key`, else `render()`'s, kept when they fit under the bound. */
  async get(key: string, render: () => Promise<Uint8Array>): Promise<Uint8Array> {
    const hit = this.entries.get(key);
    if (hit) {
      // Re-inserted: Map iteration order is insertion order, so the oldest entry is the least recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const job = render().finally(() => this.pending.delete(key));
    this.pending.set(key, job);
    const bytes = await job;
    this.put(key, bytes);
    return bytes;
  }

  private put(key: string, bytes: Uint8Array): void {
    if (bytes.length > this.maxBytes || this.entries.has(key)) return;
    this.entries.set(key, bytes);
    this.total += bytes.length;
    for (const [old, value] of this.entries) {
      if (this.total <= this.maxBytes) break;
      this.entries.delete(old);
      this.total -= value.length;
    }
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }
}
