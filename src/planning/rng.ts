/** A small seeded PRNG (xorshift32) so the optimizer is deterministic for a seed. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    // splitmix-style scramble so nearby seeds give unrelated streams; never zero
    let x = (seed | 0) ^ 0x9e3779b9;
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
    this.s = (x ^ (x >>> 16)) | 0 || 1;
  }
  /** Next 32-bit unsigned integer. */
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x;
    return x >>> 0;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return this.next() % n;
  }
}
