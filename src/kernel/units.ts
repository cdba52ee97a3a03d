/** Branded physical units, so a takt in seconds is never added to a count of units. */
export type Seconds = number & { readonly __unit: "s" };
export type Milliseconds = number & { readonly __unit: "ms" };
export type Count = number & { readonly __unit: "count" };
export type NewtonMetres = number & { readonly __unit: "N·m" };
/** Money in integer minor units (cents) of `currency`, never floats. */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

export const seconds = (n: number): Seconds => n as Seconds;
export const milliseconds = (n: number): Milliseconds => n as Milliseconds;
export const count = (n: number): Count => n as Count;
export const newtonMetres = (n: number): NewtonMetres => n as NewtonMetres;
export const money = (amount: number, currency = "EUR"): Money => {
  if (!Number.isInteger(amount)) throw new RangeError(`money amount must be integer minor units, got ${amount}`);
  return { amount, currency };
};
export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new RangeError(`cannot add ${a.currency} to ${b.currency}`);
  return { amount: a.amount + b.amount, currency: a.currency };
}
export const toMs = (s: Seconds): Milliseconds => (s * 1000) as Milliseconds;
export const toSeconds = (ms: Milliseconds): Seconds => (ms / 1000) as Seconds;
