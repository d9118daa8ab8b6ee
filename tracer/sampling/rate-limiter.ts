// A token bucket on the injected clock (ns): credits accrue at `creditsPerSecond` up to
// `maxBalance`; an item passes when a whole item's credit is there. Jaeger's rate limiter,
// starting full (jaeger-client-go) rather than at a random balance (jaeger-client-node),
// so runs are deterministic.
import type { Clock } from "../model/types.ts";

export class TokenBucket {
  private balance: number;
  private last: number;

  constructor(
    private readonly clock: Clock,
    private creditsPerSecond: number,
    private maxBalance: number,
  ) {
    this.balance = maxBalance;
    this.last = clock.now();
  }

  private refill(): void {
    const now = this.clock.now();
    // A clock stepping backwards (skew correction) adds nothing rather than draining.
    if (now > this.last) this.balance = Math.min(this.maxBalance, this.balance + ((now - this.last) / 1e9) * this.creditsPerSecond);
    this.last = Math.max(this.last, now);
  }

  trySpend(cost = 1): boolean {
    this.refill();
    if (this.balance >= cost) {
      this.balance -= cost;
      return true;
    }
    return false;
  }

  /** New rate and size; the balance keeps its proportion of the bucket (as Jaeger's update does). */
  update(creditsPerSecond: number, maxBalance: number): void {
    this.refill();
    this.balance = this.maxBalance > 0 ? (maxBalance * this.balance) / this.maxBalance : maxBalance;
    this.creditsPerSecond = creditsPerSecond;
    this.maxBalance = maxBalance;
  }

  get rate(): number {
    return this.creditsPerSecond;
  }
}
