import { useId, useState, type FormEvent, type ReactNode } from "react";
import { useStore } from "../../app/store-context";

/** Sign in by pasting an API token (`takt token create --role …` prints one). */
export function LoginPage(): ReactNode {
  const { state, dispatch } = useStore();
  const [token, setToken] = useState("");
  const inputId = useId();
  const hintId = useId();
  const checking = state.session.status === "checking";

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const cleaned = token.trim().replace(/^Bearer\s+/i, "");
    if (!cleaned) return;
    dispatch({ type: "login/started", token: cleaned });
  };

  return (
    <main id="main" className="login" tabIndex={-1}>
      <div className="login-card">
        <h1>
          <span className="brand-mark" aria-hidden="true" /> Takt
        </h1>
        <p className="lead">Build-to-order manufacturing, from configuration to service.</p>
        <form onSubmit={submit} aria-busy={checking}>
          <label htmlFor={inputId}>API token</label>
          <input
            id={inputId}
            name="token"
            type="password"
            autoComplete="off"
            spellCheck={false}
            autoFocus
            required
            aria-describedby={hintId}
            aria-invalid={state.loginMessage?.kind === "error" && !!token}
            value={token}
            onChange={(e) => setToken(e.target.value)}
          />
          <p id={hintId} className="hint">
            Paste the token you were given, or create one with <code>takt token create --role planner</code>. It is kept
            only in this browser tab.
          </p>
          <button type="submit" disabled={checking || !token.trim()}>
            {checking ? "Checking…" : "Sign in"}
          </button>
        </form>
        {state.loginMessage && (
          <p role="alert" className={state.loginMessage.kind}>
            {state.loginMessage.text}
          </p>
        )}
      </div>
    </main>
  );
}
