// Finding an earlier item that says the same thing, without comparing every pair. An inverted index maps
// tokens to the items that have them; a new item is compared only with items found under its rarest tokens
// (the shortest lists). Two items that say the same thing share most tokens, the rare ones included, so
// nothing that matters is missed, and a long session (thousands of items) stays fast.

/** At most this many of an item's rarest keys are looked up… */
const PROBES = 2;
/** …and a further one only when its list is short too. */
const SHORT = 16;

export class NearDuplicates<T> {
  private readonly items: T[] = [];
  private readonly keys: Set<string>[] = [];
  private readonly postings = new Map<string, number[]>();

  /** `keysOf` must be cheap or cached. */
  constructor(private readonly keysOf: (item: T) => Set<string>) {}

  /** The earliest added item found under `item`'s rarest keys that `same` accepts. */
  find(item: T, same: (earlier: T) => boolean): T | undefined {
    const keys = [...this.keysOf(item)];
    if (!keys.length) return this.items.find((other, i) => this.keys[i].size === 0 && same(other));
    const lists = keys
      .map((k) => this.postings.get(k))
      .filter((l): l is number[] => l !== undefined)
      .sort((a, b) => a.length - b.length)
      .slice(0, PROBES)
      .filter((l, i, all) => i === 0 || l.length <= Math.max(SHORT, 2 * all[0].length));
    const candidates = [...new Set(lists.flat())].sort((a, b) => a - b);
    for (const i of candidates) if (same(this.items[i])) return this.items[i];
    return undefined;
  }

  add(item: T): void {
    this.keys.push(new Set());
    this.post(this.items.push(item) - 1);
  }

  /** Indexes an added item again after its text changed (its old keys still lead to it as well). */
  refresh(item: T): void {
    const index = this.items.indexOf(item);
    if (index >= 0) this.post(index);
  }

  private post(index: number): void {
    const known = this.keys[index];
    for (const k of this.keysOf(this.items[index])) {
      if (known.has(k)) continue;
      known.add(k);
      const list = this.postings.get(k);
      if (list) list.push(index);
      else this.postings.set(k, [index]);
    }
  }
}
