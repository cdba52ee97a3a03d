/** Time source. Domain code takes a Clock so tests control time. */
export interface Clock {
  now(): Date;
  nowMs(): number;
}

export const systemClock: Clock = {
  now: () => new Date(),
  nowMs: () => Date.now(),
};

/** A clock that moves only when told; for tests and simulations. */
export class ManualClock implements Clock {
  private ms: number;
  constructor(start: Date | number | string = "2026-01-05T06:00:00Z") {
    this.ms = typeof start === "number" ? start : new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.ms);
  }
  nowMs(): number {
    return this.ms;
  }
  advance(ms: number): void {
    if (ms < 0) throw new RangeError("a clock does not go back");
    this.ms += ms;
  }
  set(to: Date | number): void {
    this.ms = typeof to === "number" ? to : to.getTime();
  }
}
