import type { ReactNode } from "react";
import type { Me } from "../../api";
import { useStore } from "../../app/store-context";

/** Who is signed in, and the way out. */
export function UserBadge({ me }: { readonly me: Me }): ReactNode {
  const { dispatch } = useStore();
  return (
    <div className="user">
      <span className="user-name">{me.name}</span>
      <span className="role" data-role={me.role}>
        {me.role}
      </span>
      <button type="button" className="secondary" onClick={() => dispatch({ type: "logout" })}>
        Sign out
      </button>
    </div>
  );
}
