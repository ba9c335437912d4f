import { useEffect, useRef } from "react";

/** Delay before the n-th reconnect: exponential from 0.5 s, capped at 15 s. */
export function backoffDelay(attempt: number): number {
  return Math.min(15_000, 500 * 2 ** Math.max(0, attempt));
}

export function wsUrl(path: string, location: Location = window.location): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}${path}`;
}

/** Subscribe to a websocket path; reconnects with back-off until the component unmounts. */
export function useLiveChannel<T = unknown>(path: string | null, onMessage: (message: T) => void) {
  const handler = useRef(onMessage);
  handler.current = onMessage;

  useEffect(() => {
    if (!path) return;
    let socket: WebSocket | null = null;
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let closed = false;

    const open = () => {
      socket = new WebSocket(wsUrl(path));
      socket.onopen = () => {
        attempt = 0;
      };
      socket.onmessage = (event) => {
        try {
          handler.current(JSON.parse(event.data) as T);
        } catch {
          /* ignore frames that are not JSON */
        }
      };
      socket.onclose = () => {
        if (closed) return;
        timer = setTimeout(open, backoffDelay(attempt++));
      };
    };
    open();
    return () => {
      closed = true;
      if (timer) clearTimeout(timer);
      socket?.close();
    };
  }, [path]);
}
