import { useEffect, useReducer, useState, type ReactNode } from "react";
import type { ChoiceFamily, ChoiceValue, Product } from "../../api";
import { formatMoney } from "../../app/format";
import { useStore } from "../../app/store-context";
import { useApiErrors, useRemote } from "../../app/use-remote";
import { PageHeading } from "../areas/PageHeading";
import type { AreaDef } from "../nav/areas";
import { orderHref } from "../orders/OrdersPage";
import { VehiclePicture } from "../vehicle/VehiclePicture";
import type { Choice } from "../vehicle/vehicle-look";
import { formatCount, initialConfigurator, reduceConfigurator, selectionKey, type ConfiguratorAction } from "./configurator-model";
import "./configure.css";

/** The configurator: products, then the families of the chosen one with live valid choices, reasons, price and picture; then the order. */
export function ConfigurePage({ area }: { readonly area: AreaDef }): ReactNode {
  const { api } = useStore();
  const products = useRemote((signal) => api.products(signal), [api]);
  const [productId, setProductId] = useState<string | null>(null);
  const list = products.remote.status === "ready" ? products.remote.data.products : [];
  const product = list.find((p) => p.id === productId) ?? (list.length === 1 ? list[0] : undefined);
  return (
    <section className="page configure-page" aria-labelledby="h-configure">
      <PageHeading id="h-configure">{area.label}</PageHeading>
      {products.remote.status === "loading" && (
        <p className="muted" role="status">
          Loading the products…
        </p>
      )}
      {products.remote.status === "error" && (
        <p role="alert" className="error">
          The products could not be loaded: {products.remote.message}
        </p>
      )}
      {products.remote.status === "ready" && list.length === 0 && <p className="notice">There are no products to configure yet.</p>}
      {list.length > 1 && (
        <div className="product-picker" role="group" aria-label="Products">
          {list.map((p) => (
            <button key={p.id} type="button" className={p.id === product?.id ? "" : "secondary"} aria-pressed={p.id === product?.id} onClick={() => setProductId(p.id)}>
              {p.name}
            </button>
          ))}
        </div>
      )}
      {product && <Configurator key={product.id} product={product} />}
    </section>
  );
}

function Configurator({ product }: { readonly product: Product }): ReactNode {
  const { api } = useStore();
  const onError = useApiErrors();
  const [state, dispatch] = useReducer(reduceConfigurator, { ...initialConfigurator, productId: product.id });
  const [placing, setPlacing] = useState(false);
  const [completing, setCompleting] = useState<"defaults" | "cheapest" | null>(null);
  const key = selectionKey(product.id, state.selections);

  // Every change of the selections asks the server for the next view (valid values, reasons, count, price).
  const upToDate = state.viewKey === key;
  const { selections } = state;
  useEffect(() => {
    if (upToDate) return;
    const abort = new AbortController();
    dispatch({ type: "requested" });
    api.configure(product.id, selections, abort.signal).then(
      (view) => dispatch({ type: "view", view, key }),
      (err: unknown) => {
        const message = onError(err);
        if (message !== null && !abort.signal.aborted) dispatch({ type: "failed", message });
      },
    );
    return () => abort.abort();
  }, [api, product.id, selections, key, upToDate, onError]);

  const complete = (strategy: "defaults" | "cheapest"): void => {
    setCompleting(strategy);
    api.complete(product.id, state.selections, strategy).then(
      (view) => {
        setCompleting(null);
        dispatch({ type: "view", view, key: "", adopt: true });
      },
      (err: unknown) => {
        setCompleting(null);
        const message = onError(err);
        if (message !== null) dispatch({ type: "failed", message });
      },
    );
  };

  const place = (): void => {
    setPlacing(true);
    api.placeOrder(product.id, state.selections).then(
      (order) => {
        window.location.hash = orderHref(order.id);
      },
      (err: unknown) => {
        setPlacing(false);
        const message = onError(err);
        if (message !== null) dispatch({ type: "failed", message });
      },
    );
  };

  const view = state.view;
  const choices: Choice[] = view ? view.families.filter((f) => f.selected !== null).map((f) => ({ family: f.id, value: f.selected!, name: f.values.find((v) => v.id === f.selected)?.name ?? f.selected! })) : [];
  const chosen = Object.keys(state.selections).length;
  return (
    <div className="configurator" data-product={product.id}>
      <div className="families">
        <p className="product-line">
          <strong>{product.name}</strong> <span className="muted">model {product.modelVersion}</span>
        </p>
        {!view && !state.error && (
          <p className="muted" role="status">
            Loading the choices…
          </p>
        )}
        {view?.families.map((f) => (
          <FamilyGroup key={f.id} family={f} userChose={f.id in state.selections} dispatch={dispatch} />
        ))}
      </div>
      <aside className="summary" aria-labelledby="h-summary">
        <h2 id="h-summary">Your {product.name}</h2>
        <VehiclePicture choices={choices} />
        <div aria-live="polite" className="summary-live">
          {state.blockedNotice && (
            <p className="blocked-notice" role="alert">
              Not available: {state.blockedNotice}
            </p>
          )}
          {state.error && (
            <p role="alert" className="error">
              {state.error}
            </p>
          )}
          {view && (
            <>
              <p className="price-total">
                <span className="muted">{view.price.estimated ? "From" : "Price"}</span> <strong data-testid="price-total">{formatMoney(view.price.total)}</strong>
              </p>
              <p className="muted count" data-testid="count">
                {view.complete ? "Complete: every family is chosen." : `${chosen} of ${view.families.length} chosen · ${formatCount(view.count)} valid ways to complete it.`}
              </p>
            </>
          )}
        </div>
        {view && view.price.lines.length > 0 && (
          <details className="price-lines">
            <summary>Price breakdown ({view.price.lines.length} lines)</summary>
            <table className="data price">
              <tbody>
                {view.price.lines.map((l, i) => (
                  <tr key={i}>
                    <th scope="row">{l.label}</th>
                    <td>{formatMoney(l.amount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {view.price.estimated && <p className="muted">Estimated: the cheapest way to complete your choices.</p>}
          </details>
        )}
        <div className="summary-actions">
          <button type="button" className="secondary" onClick={() => complete("defaults")} disabled={!view || completing !== null || view.complete}>
            {completing === "defaults" ? "Completing…" : "Complete with defaults"}
          </button>
          <button type="button" className="secondary" onClick={() => complete("cheapest")} disabled={!view || completing !== null || view.complete}>
            {completing === "cheapest" ? "Completing…" : "Cheapest completion"}
          </button>
          <button type="button" className="secondary" onClick={() => dispatch({ type: "reset" })} disabled={chosen === 0}>
            Start over
          </button>
        </div>
        <button type="button" className="place" onClick={place} disabled={!view?.complete || !upToDate || placing} aria-describedby="place-hint">
          {placing ? "Placing the order…" : "Place order"}
        </button>
        <p id="place-hint" className="muted hint">
          {view?.complete ? "The server checks and prices the configuration again when you order." : "Choose a value in every family (or complete with defaults) to order."}
        </p>
      </aside>
    </div>
  );
}

export function FamilyGroup({ family, userChose, dispatch }: { readonly family: ChoiceFamily; readonly userChose: boolean; readonly dispatch: (a: ConfiguratorAction) => void }): ReactNode {
  const selected = family.values.find((v) => v.id === family.selected);
  const blocked = family.values.filter((v) => !v.valid).length;
  return (
    <fieldset className="family" data-family={family.id}>
      <legend>
        {family.name}
        {selected ? <span className="family-selected">: {selected.name}</span> : null}
      </legend>
      <div className="values">
        {family.values.map((v) => (
          <ValueChoice key={v.id} family={family} value={v} checked={v.id === family.selected} dispatch={dispatch} />
        ))}
        {userChose && (
          <button type="button" className="link" onClick={() => dispatch({ type: "clear", family: family.id })}>
            Clear<span className="visually-hidden"> {family.name}</span>
          </button>
        )}
      </div>
      {blocked > 0 && blocked === family.values.length && <p className="muted family-note">No value fits your other choices.</p>}
    </fieldset>
  );
}

function ValueChoice({ family, value, checked, dispatch }: { readonly family: ChoiceFamily; readonly value: ChoiceValue; readonly checked: boolean; readonly dispatch: (a: ConfiguratorAction) => void }): ReactNode {
  const id = `v-${family.id}-${value.id}`;
  const reasonId = `${id}-why`;
  const price = value.price.amount !== 0 ? `${value.price.amount > 0 ? "+" : ""}${formatMoney(value.price)}` : null;
  const blockedReason = value.valid ? null : (value.blockedBy?.reason ?? "Not available with your other choices.");
  return (
    <span className={`choice${value.valid ? "" : " blocked"}${checked ? " checked" : ""}`} data-value={value.id} data-valid={value.valid}>
      <input
        type="radio"
        id={id}
        name={`family-${family.id}`}
        value={value.id}
        checked={checked}
        aria-disabled={value.valid ? undefined : true}
        aria-describedby={blockedReason ? reasonId : undefined}
        onChange={() => dispatch({ type: "choose", family: family.id, value: value.id })}
        onClick={() => {
          // A click on the checked value does not fire change; on a blocked one, say why again.
          if (blockedReason) dispatch({ type: "blocked", reason: blockedReason });
        }}
      />
      <label htmlFor={id}>
        {value.name}
        {price && <span className="choice-price"> {price}</span>}
      </label>
      {blockedReason && (
        <span id={reasonId} className="reason" role="tooltip">
          {blockedReason}
        </span>
      )}
    </span>
  );
}

