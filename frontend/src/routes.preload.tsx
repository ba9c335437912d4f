import { useRef, type ReactNode } from "react";
import { useLocation } from "react-router-dom";

import { redirectTarget } from "./features/auth/redirect";

/**
 * Around the login form: once the user starts typing (and at the latest on submit), download
 * the page they will land on, so that logging in does not wait for its code. Merely showing
 * the login page downloads nothing more.
 */
export function PreloadOnInput({ preload, children }: { preload: (path: string) => void; children: ReactNode }) {
  const location = useLocation();
  const started = useRef(false);
  const start = () => {
    if (started.current) return;
    started.current = true;
    preload(redirectTarget(location.state, location.search));
  };
  return (
    <div onInputCapture={start} onSubmitCapture={start}>
      {children}
    </div>
  );
}
