// The Studio page's hooks: busy marks, keyboard shortcuts and the unsaved-changes guard.
import { act, fireEvent, render, renderHook, screen } from "@testing-library/react";
import { RouterProvider, createMemoryRouter, useNavigate } from "react-router-dom";
import { describe, expect, it, vi } from "vitest";

import type { Tab } from "../tabs";
import { useBusy } from "./useBusy";
import { useStudioShortcuts } from "./useStudioShortcuts";
import { useUnsavedGuard } from "./useUnsavedGuard";

describe("useBusy", () => {
  it("marks nodes saving or running, and unmarks them", () => {
    const { result } = renderHook(() => useBusy());
    act(() => result.current.mark("saving", 5, true));
    act(() => result.current.mark("running", 6, true));
    expect([...result.current.busy.saving]).toEqual([5]);
    expect([...result.current.busy.running]).toEqual([6]);
    act(() => result.current.mark("saving", 5, false));
    expect(result.current.busy.saving.size).toBe(0);
  });
});

describe("useStudioShortcuts", () => {
  it("saves and runs the active tab's node", () => {
    const save = vi.fn();
    const run = vi.fn();
    renderHook(() => useStudioShortcuts({ save, run, activeId: 7 }));
    fireEvent.keyDown(window, { key: "s", ctrlKey: true });
    fireEvent.keyDown(window, { key: "Enter", metaKey: true });
    fireEvent.keyDown(window, { key: "s" });
    expect(save).toHaveBeenCalledExactlyOnceWith(7);
    expect(run).toHaveBeenCalledExactlyOnceWith(7);
  });

  it("does nothing without an open tab", () => {
    const save = vi.fn();
    renderHook(() => useStudioShortcuts({ save, run: vi.fn(), activeId: null }));
    fireEvent.keyDown(window, { key: "s", ctrlKey: true });
    expect(save).not.toHaveBeenCalled();
  });
});

describe("useUnsavedGuard", () => {
  const dirtyTab = { nodeId: 5, meta: { name: "load_orders" } } as Tab;

  function studioWith(dirty: Tab[], confirm: (config: { onOk?: () => void; content?: unknown }) => void) {
    function Page() {
      useUnsavedGuard(dirty, { confirm: confirm as never });
      const navigate = useNavigate();
      return (
        <>
          <button onClick={() => navigate("/studio/nodes/6")}>another tab</button>
          <button onClick={() => navigate("/operations")}>operations</button>
        </>
      );
    }
    const router = createMemoryRouter(
      [
        { path: "/studio/*", element: <Page /> },
        { path: "/operations", element: <p>Operations</p> },
      ],
      { initialEntries: ["/studio"] },
    );
    render(<RouterProvider router={router} />);
    return router;
  }

  it("asks before leaving the Studio with unsaved tabs, and lets the user go", () => {
    const confirm = vi.fn();
    const router = studioWith([dirtyTab], confirm);
    fireEvent.click(screen.getByText("another tab"));
    expect(router.state.location.pathname).toBe("/studio/nodes/6");
    expect(confirm).not.toHaveBeenCalled();
    fireEvent.click(screen.getByText("operations"));
    expect(confirm).toHaveBeenCalledOnce();
    expect(confirm.mock.calls[0][0].content).toBe("Unsaved: load_orders. They are lost if you leave.");
    act(() => confirm.mock.calls[0][0].onOk());
    expect(router.state.location.pathname).toBe("/operations");
  });

  it("lets the user leave at once with nothing unsaved", () => {
    const confirm = vi.fn();
    const router = studioWith([], confirm);
    fireEvent.click(screen.getByText("operations"));
    expect(router.state.location.pathname).toBe("/operations");
    expect(confirm).not.toHaveBeenCalled();
  });
});
