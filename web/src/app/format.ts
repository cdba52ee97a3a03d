import type { Money } from "../api";

/** "€28,600.00" from minor units; a Money-less amount (a bare number of cents) uses `currency`. */
export function formatMoney(money: Money | number, currency = "EUR"): string {
  const m = typeof money === "number" ? { amount: money, currency } : money;
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency: m.currency }).format(m.amount / 100);
  } catch (_err) {
    return `${(m.amount / 100).toFixed(2)} ${m.currency}`;
  }
}

export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { weekday: "short", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

/** "in_production" → "In production". */
export function humanize(id: string): string {
  const s = id.replace(/[_-]+/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}
