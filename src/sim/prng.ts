// The engine's only source of randomness: a small seeded generator (mulberry32), so that the same
// scenario and seed always give the same run.

export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform unsigned 32-bit integer (TCP initial sequence numbers). */
  uint32(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }
}
