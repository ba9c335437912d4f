import { describe, expect, it } from "vitest";

import * as make from "../../test/factories";
import {
  alertFormToBody,
  alertRuleProblems,
  alertRuleToForm,
  emptyAlertRule,
  scopeTarget,
  type AlertRule,
  type AlertRuleFormValues,
} from "./rules";

const values = (changes: Partial<AlertRuleFormValues> = {}): AlertRuleFormValues => ({
  ...emptyAlertRule(),
  name: " failures ",
  channels: [2],
  ...changes,
});

describe("alertFormToBody", () => {
  it("sends a project rule with no target and no event settings", () => {
    expect(alertFormToBody(values({ workflow: 5, node: 6, owner: 7, deadline: "09:00", duration_factor: 3 }))).toEqual({
      name: "failures",
      scope: "project",
      workflow: null,
      node: null,
      owner: null,
      events: ["instance_failed"],
      notify_owner: false,
      deadline: null,
      duration_factor: null,
      channels: [2],
      quiet_start: null,
      quiet_end: null,
      min_interval_minutes: 30,
      enabled: true,
    });
  });

  it("keeps only the scope's own target", () => {
    expect(alertFormToBody(values({ scope: "workflow", workflow: 5, node: 6 }))).toMatchObject({ workflow: 5, node: null, owner: null });
    expect(alertFormToBody(values({ scope: "node", workflow: 5, node: 6 }))).toMatchObject({ workflow: null, node: 6, owner: null });
    expect(alertFormToBody(values({ scope: "owner", owner: 7, node: 6 }))).toMatchObject({ workflow: null, node: null, owner: 7 });
  });

  it("sends the deadline and factor only with their events, times as HH:MM", () => {
    const body = alertFormToBody(
      values({
        events: ["deadline_missed", "duration_exceeded", "deadline_missed"],
        deadline: "9:00",
        duration_factor: 2.5,
        quiet_start: "22:00",
        quiet_end: "7:30",
        min_interval_minutes: 12.6,
      }),
    );
    expect(body).toMatchObject({
      events: ["deadline_missed", "duration_exceeded"],
      deadline: "09:00",
      duration_factor: 2.5,
      quiet_start: "22:00",
      quiet_end: "07:30",
      min_interval_minutes: 13,
    });
  });

  it("round-trips a stored rule, seconds from the server included", () => {
    const rule: AlertRule = make.alertRule({
      name: "late",
      scope: "node",
      node: 4,
      events: ["deadline_missed", "quality_failed"],
      notify_owner: true,
      deadline: "09:30:00",
      channels: [1, 2],
      quiet_start: "22:00:00",
      quiet_end: "06:00:00",
      min_interval_minutes: 60,
      enabled: false,
    });
    const form = alertRuleToForm(rule);
    expect(form).toMatchObject({ deadline: "09:30", quiet_start: "22:00", quiet_end: "06:00" });
    const { id: _id, created_at: _created, ...body } = rule;
    expect(alertFormToBody(form)).toEqual({ ...body, deadline: "09:30", quiet_start: "22:00", quiet_end: "06:00" });
  });
});

describe("alertRuleProblems", () => {
  it("accepts a complete rule", () => {
    expect(alertRuleProblems(values())).toEqual({});
    expect(scopeTarget("project")).toBeNull();
  });

  it("asks for a name, events, channels and the scope's target", () => {
    expect(Object.keys(alertRuleProblems(values({ name: " ", events: [], channels: [], scope: "node" })))).toEqual([
      "name",
      "node",
      "events",
      "channels",
    ]);
  });

  it("needs a valid deadline and a factor above 1 for their events", () => {
    expect(alertRuleProblems(values({ events: ["deadline_missed"], deadline: "" })).deadline).toMatch(/HH:MM/);
    expect(alertRuleProblems(values({ events: ["deadline_missed"], deadline: "25:00" })).deadline).toMatch(/not a time/);
    expect(alertRuleProblems(values({ events: ["duration_exceeded"], duration_factor: 1 })).duration_factor).toBeTruthy();
    expect(alertRuleProblems(values({ events: ["duration_exceeded"], duration_factor: 1.5 }))).toEqual({});
  });

  it("checks quiet hours: valid times, both ends, not the same", () => {
    expect(alertRuleProblems(values({ quiet_start: "22:00", quiet_end: "" }))).toEqual({ quiet_end: expect.stringMatching(/both/) });
    expect(alertRuleProblems(values({ quiet_start: "", quiet_end: "08:00" }))).toEqual({ quiet_start: expect.stringMatching(/both/) });
    expect(alertRuleProblems(values({ quiet_start: "8:00", quiet_end: "08:00" }))).toEqual({ quiet_end: expect.stringMatching(/same/) });
    expect(alertRuleProblems(values({ quiet_start: "noon", quiet_end: "08:00" }))).toEqual({ quiet_start: expect.stringMatching(/not a time/) });
    expect(alertRuleProblems(values({ quiet_start: "22:00", quiet_end: "08:00" }))).toEqual({});
  });
});
