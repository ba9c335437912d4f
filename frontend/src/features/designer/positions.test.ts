import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";

import { keys } from "../../queries/keys";
import { mockFetch } from "../../test/utils";
import { forgetCanvas, movesBody, positionsOf, saveMoves, type Canvas } from "./positions";

const canvas = (positions: Canvas["positions"]): Canvas => ({ workflow: 8, positions, updated_at: null, updated_by: null });

describe("kept positions", () => {
  it("are read by node id, leaving what is malformed to the layout", () => {
    expect(positionsOf(undefined).size).toBe(0);
    expect(positionsOf(canvas({ "4": [10, -4], "5": [1], "6": [1, Number.NaN] }))).toEqual(new Map([["4", { x: 10, y: -4 }]]));
  });

  it("are saved as the moved nodes in whole pixels, for the view they belong to", () => {
    expect(movesBody(null, [{ id: "4", position: { x: 10.4, y: -3.6 } }])).toEqual({ workflow: null, positions: { "4": [10, -4] } });
    expect(movesBody(8, [])).toEqual({ workflow: 8, positions: {} });
  });

  it("go to the server and the answer replaces the cached canvas", async () => {
    const kept = canvas({ "4": [10, -4], "9": [300, 40] });
    const { calls } = mockFetch({ "PATCH /api/v1/projects/3/canvas/": { body: kept } });
    const client = new QueryClient();
    await expect(saveMoves(client, 3, 8, [{ id: "4", position: { x: 10.2, y: -4.4 } }])).resolves.toEqual(kept);
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ workflow: 8, positions: { "4": [10, -4] } });
    expect(client.getQueryData(keys.canvas(3, 8))).toEqual(kept);
  });

  it("are forgotten on the server for one view, and a refusal says why", async () => {
    const { calls } = mockFetch({
      "DELETE /api/v1/projects/3/canvas/?workflow=8": { status: 204 },
      "DELETE /api/v1/projects/3/canvas/": { status: 403, body: { detail: "Your role (viewer) cannot edit." } },
    });
    const client = new QueryClient();
    client.setQueryData(keys.canvas(3, 8), canvas({ "4": [1, 2] }));
    await forgetCanvas(client, 3, 8);
    expect(calls[0].path).toBe("/api/v1/projects/3/canvas/?workflow=8");
    expect(client.getQueryData(keys.canvas(3, 8))).toBeUndefined();
    await expect(forgetCanvas(client, 3, null)).rejects.toMatchObject({ status: 403, message: "Your role (viewer) cannot edit." });
  });
});
