// A bounded map that forgets the least recently used entry first (Map iteration order is insertion order, and a
// read moves the entry to the end). Bounded by entry count, or by a weight per entry (bytes of a cached page).

export class Lru<V> {
  readonly #map = new Map<string, V>();
  readonly #limit: number;
  readonly #weigh: (value: V) => number;
  #weight = 0;

  /** Holds at most `limit` entries, or entries whose weights add up to at most `limit` when `weigh` is given. */
  constructor(limit: number, weigh: (value: V) => number = () => 1) {
    this.#limit = limit;
    this.#weigh = weigh;
  }

  get(key: string): V | undefined {
    const v = this.#map.get(key);
    if (v !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, v);
    }
    return v;
  }

  set(key: string, value: V): void {
    this.delete(key);
    this.#map.set(key, value);
    this.#weight += this.#weigh(value);
    for (const [k, v] of this.#map) {
      if (this.#weight <= this.#limit) break;
      this.#map.delete(k);
      this.#weight -= this.#weigh(v);
    }
  }

  /** Forgets `key`; returns whether it was held. */
  delete(key: string): boolean {
    const old = this.#map.get(key);
    if (old === undefined) return false;
    this.#map.delete(key);
    this.#weight -= this.#weigh(old);
    return true;
  }

  clear(): void {
    this.#map.clear();
    this.#weight = 0;
  }

  get size(): number {
    return this.#map.size;
  }
}
