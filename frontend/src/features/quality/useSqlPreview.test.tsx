import { QueryClientProvider } from "@tanstack/react-query";
import { act, renderHook, waitFor } from "@testing-library/react";
import { Form } from "antd";
import type { ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";

import { createQueryClient } from "../../queryClient";
import { mockFetch } from "../../test/utils";
import { emptyRule } from "./rules";
import { PREVIEW_DEBOUNCE_MS, useSqlPreview } from "./useSqlPreview";

const PREVIEW = "POST /api/v1/projects/1/quality/rules/preview-sql/";

function setup({ previewOnOpen = false, status = 200 } = {}) {
  const { calls } = mockFetch({
    [PREVIEW]: status === 200 ? { body: { sql: "select count(*) from orders" } } : { status, body: { detail: "table: required" } },
  });
  const client = createQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
  const onRefused = vi.fn();
  const view = renderHook(
    () => {
      const [form] = Form.useForm();
      form.setFieldsValue({ ...emptyRule(1), table: "orders" });
      return useSqlPreview({ projectId: 1, timezone: "UTC", form, previewOnOpen, onRefused });
    },
    { wrapper },
  );
  const previews = () => calls.filter((call) => `${call.method} ${call.path}` === PREVIEW);
  return { ...view, previews, onRefused };
}

describe("useSqlPreview", () => {
  it("previews a stored rule at once", async () => {
    const { result, previews } = setup({ previewOnOpen: true });
    await waitFor(() => expect(result.current.preview.data?.sql).toBe("select count(*) from orders"));
    expect(previews()).toHaveLength(1);
  });

  it("waits to be asked for a new rule, then follows the edits", async () => {
    const { result, previews } = setup();
    act(() => result.current.follow());
    await new Promise((resolve) => setTimeout(resolve, PREVIEW_DEBOUNCE_MS + 100));
    expect(previews()).toHaveLength(0);

    act(() => result.current.run(true));
    await waitFor(() => expect(result.current.preview.data).toBeTruthy());
    act(() => result.current.follow());
    await waitFor(() => expect(previews()).toHaveLength(2), { timeout: PREVIEW_DEBOUNCE_MS + 2000 });
  });

  it("reports a refusal only when the user asked", async () => {
    const { result, onRefused } = setup({ previewOnOpen: true, status: 400 });
    await waitFor(() => expect(result.current.preview.isError).toBe(true));
    expect(onRefused).not.toHaveBeenCalled();
    act(() => result.current.run(true));
    await waitFor(() => expect(onRefused).toHaveBeenCalledOnce());
  });
});
