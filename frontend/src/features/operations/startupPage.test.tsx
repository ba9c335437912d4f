// The list's first page, asked for as the app starts, is shown by the list without asking again.
import { QueryClientProvider } from "@tanstack/react-query";
import { renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";

import { createQueryClient } from "../../queryClient";
import { mockFetch } from "../../test/utils";
import { instanceListQuery, prefetchStartupPage, useInstanceList } from "./api";
import { firstPageParams } from "./filters";

const FIRST = "/api/v1/projects/1/instances/?run_kind=scheduled%2Cmanual&page_size=50";
const FAILED = "/api/v1/projects/1/instances/?status=failed&run_kind=scheduled%2Cmanual&page_size=50";
const PAGE = { results: [], next: null, previous: null, count: 3, count_capped: false };

function setUp() {
  const { calls } = mockFetch({ [`GET ${FIRST}`]: { body: PAGE }, [`GET ${FAILED}`]: { body: PAGE } });
  const client = createQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
  const asked = (path: string) => calls.filter((call) => call.path === path).length;
  return { client, wrapper, asked };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe("the list's start-up page", () => {
  it("is shown by the list's first render without asking again", async () => {
    const { client, wrapper, asked } = setUp();
    await prefetchStartupPage(client, 1, firstPageParams(""));
    const { result } = renderHook(() => useInstanceList(1, firstPageParams("")), { wrapper });
    expect(result.current.data?.count).toBe(3);
    await settle();
    expect(asked(FIRST)).toBe(1);
  });

  it("leaves any other cached page to be asked for again when it shows", async () => {
    const { client, wrapper, asked } = setUp();
    await prefetchStartupPage(client, 1, firstPageParams(""));
    await client.prefetchQuery(instanceListQuery(1, firstPageParams("?status=failed")));
    renderHook(() => useInstanceList(1, firstPageParams("?status=failed")), { wrapper });
    await waitFor(() => expect(asked(FAILED)).toBe(2));
  });
});
