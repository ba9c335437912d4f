import { useCallback, useEffect, useRef, useState } from "react";

export interface BackoffOptions {
  /** First delay, ms. */
  base?: number;
  /** Largest delay, ms. */
  max?: number;
}

/** Delay before the n-th reconnect (n from 0): exponential from 0.5 s, capped at 15 s. */
export function backoffDelay(attempt: number, { base = 500, max = 15_000 }: BackoffOptions = {}): number {
  const n = Number.isFinite(attempt) ? Math.max(0, Math.floor(attempt)) : 0;
  // 2 ** 40 would overflow nothing, but keep the exponent small anyway.
  return Math.min(max, base * 2 ** Math.min(n, 30));
}

/** Spread reconnects of many tabs: a delay somewhere in [delay/2, delay]. */
export function withJitter(delay: number, random: () => number = Math.random): number {
  return Math.round(delay / 2 + (delay / 2) * random());
}

/**
 * Whether a close code is worth reconnecting after. The server's consumers close with 4401 (not
 * logged in), 4403 and 4404 (not a member / no such object): retrying will not help. 1008 is the
 * standard "policy violation".
 */
export function shouldReconnect(code: number): boolean {
  return !(code === 1008 || (code >= 4400 && code < 4500));
}

/** ws(s)://<this host><path>, the scheme following the page's. */
export function wsUrl(path: string, location: Pick<Location, "protocol" | "host"> = window.location): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}${path.startsWith("/") ? path : `/${path}`}`;
}

export type LiveStatus = "connecting" | "open" | "reconnecting" | "closed";

export interface LiveChannel {
  status: LiveStatus;
  /** Sends a JSON message; false when the socket is not open. */
  send: (message: unknown) => boolean;
}

/**
 * Subscribe to a websocket path such as `/ws/projects/1/events/`; reconnects with back-off until
 * the component unmounts or the path changes (pass null to stay disconnected). JSON frames are
 * parsed; other frames are handed over as strings.
 */
export function useLiveChannel<T = unknown>(path: string | null, onMessage: (message: T) => void): LiveChannel {
  const handler = useRef(onMessage);
  handler.current = onMessage;
  const socketRef = useRef<WebSocket | null>(null);
  const [status, setStatus] = useState<LiveStatus>(path ? "connecting" : "closed");

  useEffect(() => {
    if (!path) {
      setStatus("closed");
      return;
    }
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let disposed = false;

    const open = () => {
      const socket = new WebSocket(wsUrl(path));
      socketRef.current = socket;
      socket.onopen = () => {
        attempt = 0;
        setStatus("open");
      };
      socket.onmessage = (event: MessageEvent) => {
        let data: unknown = event.data;
        if (typeof data === "string") {
          try {
            data = JSON.parse(data);
          } catch {
            /* not JSON: hand the text over */
          }
        }
        handler.current(data as T);
      };
      socket.onclose = (event: CloseEvent) => {
        if (disposed) return;
        socketRef.current = null;
        if (!shouldReconnect(event.code)) {
          setStatus("closed");
          return;
        }
        setStatus("reconnecting");
        timer = setTimeout(open, withJitter(backoffDelay(attempt++)));
      };
    };

    setStatus("connecting");
    open();
    return () => {
      disposed = true;
      if (timer) clearTimeout(timer);
      socketRef.current?.close();
      socketRef.current = null;
    };
  }, [path]);

  const send = useCallback((message: unknown) => {
    const socket = socketRef.current;
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(typeof message === "string" ? message : JSON.stringify(message));
    return true;
  }, []);

  return { status, send };
}
