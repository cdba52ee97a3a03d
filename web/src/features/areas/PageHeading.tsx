import { useEffect, useRef, type ReactNode } from "react";

/** A page's h1. Takes focus when the page opens, so keyboard and screen-reader users land on the new content. */
export function PageHeading({ id, children }: { readonly id: string; readonly children: ReactNode }): ReactNode {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, [id]);
  return (
    <h1 id={id} ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}
