// The token lives in sessionStorage: it survives a reload of the tab but not closing it,
// and it is never written to localStorage or a cookie.
const KEY = "takt.token";

export function readToken(storage: Storage | undefined = safeSessionStorage()): string | null {
  try {
    return storage?.getItem(KEY) ?? null;
  } catch (_err) {
    return null;
  }
}

export function writeToken(token: string | null, storage: Storage | undefined = safeSessionStorage()): void {
  try {
    if (token) storage?.setItem(KEY, token);
    else storage?.removeItem(KEY);
  } catch (_err) {
    // Storage can be disabled (private mode, policies); the session then lasts until reload.
  }
}

function safeSessionStorage(): Storage | undefined {
  try {
    return typeof sessionStorage === "undefined" ? undefined : sessionStorage;
  } catch (_err) {
    return undefined;
  }
}
