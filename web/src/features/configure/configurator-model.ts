import type { Configuration, Selections } from "../../api";

/** The configurator's state; changed only by `reduceConfigurator` (pure). */
export interface ConfiguratorState {
  readonly productId: string | null;
  readonly selections: Selections;
  /** The server's view (valid values, reasons, price), and the selections it was computed for. */
  readonly view: Configuration | null;
  readonly viewKey: string | null;
  readonly pending: boolean;
  readonly error: string | null;
  /** The reason last shown for a blocked value the user tried to pick. */
  readonly blockedNotice: string | null;
}

export type ConfiguratorAction =
  | { readonly type: "product"; readonly productId: string }
  | { readonly type: "choose"; readonly family: string; readonly value: string }
  | { readonly type: "clear"; readonly family: string }
  | { readonly type: "reset" }
  | { readonly type: "requested" }
  | { readonly type: "view"; readonly view: Configuration; readonly key: string; readonly adopt?: boolean }
  | { readonly type: "failed"; readonly message: string }
  | { readonly type: "blocked"; readonly reason: string };

export const initialConfigurator: ConfiguratorState = { productId: null, selections: {}, view: null, viewKey: null, pending: false, error: null, blockedNotice: null };

/** A stable key of a selection (order-independent). */
export function selectionKey(productId: string | null, selections: Selections): string {
  return `${productId ?? ""}|${Object.keys(selections)
    .sort()
    .map((k) => `${k}=${selections[k]}`)
    .join("&")}`;
}

/** The selections a view shows as chosen. */
export function selectionsOf(view: Configuration): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of view.families) if (f.selected !== null) out[f.id] = f.selected;
  return out;
}

export function reduceConfigurator(state: ConfiguratorState, action: ConfiguratorAction): ConfiguratorState {
  switch (action.type) {
    case "product":
      return state.productId === action.productId ? state : { ...initialConfigurator, productId: action.productId };
    case "choose": {
      const value = state.view?.families.find((f) => f.id === action.family)?.values.find((v) => v.id === action.value);
      if (value && !value.valid) return { ...state, blockedNotice: value.blockedBy?.reason ?? "This choice is not available with your other choices." };
      return { ...state, selections: { ...state.selections, [action.family]: action.value }, blockedNotice: null, error: null };
    }
    case "clear": {
      const { [action.family]: _removed, ...rest } = state.selections;
      return { ...state, selections: rest, blockedNotice: null };
    }
    case "reset":
      return { ...initialConfigurator, productId: state.productId };
    case "requested":
      return { ...state, pending: true };
    case "view": {
      // A completion adopts the server's selections; a plain step only lands if it is still for the current selections.
      if (action.adopt) {
        const selections = selectionsOf(action.view);
        return { ...state, selections, view: action.view, viewKey: selectionKey(state.productId, selections), pending: false, error: null, blockedNotice: null };
      }
      if (action.key !== selectionKey(state.productId, state.selections)) return state;
      return { ...state, view: action.view, viewKey: action.key, pending: false, error: null };
    }
    case "failed":
      return { ...state, pending: false, error: action.message };
    case "blocked":
      return { ...state, blockedNotice: action.reason };
  }
}

/** "39114240" → "39,114,240"; strings too long for a number keep their digits, grouped. */
export function formatCount(count: string): string {
  return /^\d+$/.test(count) ? count.replace(/\B(?=(\d{3})+(?!\d))/g, ",") : count;
}
