import { QueryClientProvider } from "@tanstack/react-query";
import { act, renderHook, waitFor } from "@testing-library/react";
import { App as AntApp, Form } from "antd";
import type { ReactNode } from "react";
import { MemoryRouter, useLocation } from "react-router-dom";
import { describe, expect, it } from "vitest";

import { createQueryClient } from "../../queryClient";
import * as make from "../../test/factories";
import { mockFetch, type FakeHandler } from "../../test/utils";
import { emptyRule } from "./rules";
import { useRuleSave } from "./useRuleSave";

const RULES = "/api/v1/projects/1/quality/rules/";

function setup(answer: FakeHandler, values = { ...emptyRule(1), name: "orders have rows", table: "ods_orders" }) {
  const { calls } = mockFetch({ [`POST ${RULES}`]: answer });
  const client = createQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <AntApp>
      <QueryClientProvider client={client}>
        <MemoryRouter initialEntries={["/quality/rules/new"]}>{children}</MemoryRouter>
      </QueryClientProvider>
    </AntApp>
  );
  const view = renderHook(
    () => {
      const [form] = Form.useForm();
      form.setFieldsValue(values);
      return { form, location: useLocation(), ...useRuleSave({ projectId: 1, ruleId: null, form }) };
    },
    { wrapper },
  );
  return { ...view, posts: () => calls.filter((call) => call.method === "POST") };
}

describe("useRuleSave", () => {
  it("creates the rule and opens its page", async () => {
    const { result, posts } = setup({ status: 201, body: make.qualityRule({ id: 7 }) });
    act(() => result.current.onFinish());
    await waitFor(() => expect(result.current.location.pathname).toBe("/quality/rules/7"));
    expect(JSON.parse(String(posts()[0].init.body))).toMatchObject({ name: "orders have rows", table: "ods_orders", kind: "row_count" });
    expect(result.current.problem).toBe("");
  });

  it("sends nothing while the client's checks fail", () => {
    const { result, posts } = setup({ status: 201, body: make.qualityRule() }, { ...emptyRule(1), name: "", table: "" });
    act(() => result.current.onFinish());
    expect(result.current.problem).toMatch(/^Some fields need attention/);
    expect(posts()).toHaveLength(0);
  });

  it("puts the server's reasons on their fields, and says what no field shows", async () => {
    const { result } = setup({ status: 400, body: { detail: "Invalid input.", errors: { name: ["taken"], quota: ["full"] } } });
    act(() => result.current.onFinish());
    // "name" is the form's own field (its reason goes under it); "quota" is not.
    await waitFor(() => expect(result.current.problem).toBe("quota: full"));
    expect(result.current.location.pathname).toBe("/quality/rules/new");
  });
});
