import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { backoffDelay, shouldReconnect, useLiveChannel, withJitter, wsUrl } from "./ws";

describe("backoffDelay", () => {
  it("doubles from half a second and caps at 15 s", () => {
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n))).toEqual([500, 1000, 2000, 4000, 8000, 15_000]);
    expect(backoffDelay(20)).toBe(15_000);
    expect(backoffDelay(10_000)).toBe(15_000);
  });

  it("treats odd attempts as the first", () => {
    expect(backoffDelay(-3)).toBe(500);
    expect(backoffDelay(Number.NaN)).toBe(500);
  });

  it("takes its own base and cap", () => {
    expect(backoffDelay(3, { base: 100, max: 500 })).toBe(500);
    expect(backoffDelay(2, { base: 100, max: 500 })).toBe(400);
  });
});

describe("withJitter", () => {
  it("stays between half the delay and the delay", () => {
    expect(withJitter(1000, () => 0)).toBe(500);
    expect(withJitter(1000, () => 1)).toBe(1000);
    expect(withJitter(1000, () => 0.5)).toBe(750);
  });
});

describe("shouldReconnect", () => {
  it("gives up on the server's refusals only", () => {
    expect(shouldReconnect(4401)).toBe(false);
    expect(shouldReconnect(4404)).toBe(false);
    expect(shouldReconnect(1008)).toBe(false);
    expect(shouldReconnect(1006)).toBe(true);
    expect(shouldReconnect(1011)).toBe(true);
    expect(shouldReconnect(1000)).toBe(true);
  });
});

describe("wsUrl", () => {
  it("follows the page's scheme and host", () => {
    expect(wsUrl("/ws/ping/", { protocol: "http:", host: "localhost:8000" })).toBe("ws://localhost:8000/ws/ping/");
    expect(wsUrl("/ws/ping/", { protocol: "https:", host: "wb.example.com" })).toBe("wss://wb.example.com/ws/ping/");
    expect(wsUrl("ws/ping/", { protocol: "http:", host: "h" })).toBe("ws://h/ws/ping/");
  });
});

class FakeSocket {
  static OPEN = 1;
  static instances: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  constructor(public url: string) {
    FakeSocket.instances.push(this);
  }
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
  }
  serverOpen() {
    this.readyState = 1;
    this.onopen?.();
  }
  serverClose(code: number) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

describe("useLiveChannel", () => {
  beforeEach(() => {
    FakeSocket.instances = [];
    vi.useFakeTimers();
    vi.stubGlobal("WebSocket", FakeSocket);
    vi.spyOn(Math, "random").mockReturnValue(1); // no jitter: the full back-off delay
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("parses JSON frames, sends, and reconnects with back-off", () => {
    const received: unknown[] = [];
    const { result, unmount } = renderHook(() => useLiveChannel("/ws/ping/", (m) => received.push(m)));
    expect(FakeSocket.instances).toHaveLength(1);
    expect(FakeSocket.instances[0].url).toBe(`ws://${window.location.host}/ws/ping/`);
    expect(result.current.status).toBe("connecting");

    const first = FakeSocket.instances[0];
    act(() => first.serverOpen());
    expect(result.current.status).toBe("open");
    act(() => first.onmessage?.({ data: '{"type":"pong"}' }));
    act(() => first.onmessage?.({ data: "plain text" }));
    expect(received).toEqual([{ type: "pong" }, "plain text"]);
    expect(result.current.send({ hello: 1 })).toBe(true);
    expect(first.sent).toEqual(['{"hello":1}']);

    act(() => first.serverClose(1006));
    expect(result.current.status).toBe("reconnecting");
    expect(result.current.send("x")).toBe(false);
    act(() => vi.advanceTimersByTime(499));
    expect(FakeSocket.instances).toHaveLength(1);
    act(() => vi.advanceTimersByTime(1));
    expect(FakeSocket.instances).toHaveLength(2);

    // A second failure in a row waits twice as long.
    act(() => FakeSocket.instances[1].serverClose(1006));
    act(() => vi.advanceTimersByTime(999));
    expect(FakeSocket.instances).toHaveLength(2);
    act(() => vi.advanceTimersByTime(1));
    expect(FakeSocket.instances).toHaveLength(3);

    unmount();
    act(() => FakeSocket.instances[2].serverClose(1006));
    act(() => vi.advanceTimersByTime(60_000));
    expect(FakeSocket.instances).toHaveLength(3);
  });

  it("stops when the server refuses the subscription", () => {
    const { result } = renderHook(() => useLiveChannel("/ws/projects/9/events/", () => {}));
    act(() => FakeSocket.instances[0].serverClose(4404));
    expect(result.current.status).toBe("closed");
    act(() => vi.advanceTimersByTime(60_000));
    expect(FakeSocket.instances).toHaveLength(1);
  });

  it("stays disconnected for a null path", () => {
    const { result } = renderHook(() => useLiveChannel(null, () => {}));
    expect(result.current.status).toBe("closed");
    expect(FakeSocket.instances).toHaveLength(0);
  });
});
