// The Settings pages' logic as plain functions (tested in logic.test.ts): which sections a caller
// sees, what a form sends, how an audit row's change reads, and times in the project's clock.
import type { Project } from "../../project/current";
import type { AuditEntry, DataSourceCreate, DataSourceKind, Role } from "./api";

/** The sections of Settings, in order; each is its own page under /settings/<key>. */
export const SECTIONS = ["project", "members", "datasources", "tokens", "audit", "users"] as const;
export type Section = (typeof SECTIONS)[number];

/** The sections a caller sees: the members, data sources and audit log of a project need one
 * (the project section then offers to create one); accounts need staff. */
export function visibleSections(user: { is_staff?: boolean } | null | undefined, project: Pick<Project, "id"> | null): Section[] {
  return SECTIONS.filter((section) => {
    if (section === "users") return !!user?.is_staff;
    if (section === "tokens" || section === "project") return true;
    return project !== null;
  });
}

export const ROLES: Role[] = ["owner", "admin", "developer", "operator", "viewer"];

/** The role picker's choices: every role, those the caller may not grant disabled (the server
 * says which they may, `grantable_roles`). */
export function roleChoices(grantable: readonly string[] | undefined, label: (role: Role) => string) {
  return ROLES.map((role) => ({ value: role, label: label(role), disabled: !(grantable ?? []).includes(role) }));
}

/** The fields of `values` that differ from `initial` (a PATCH sends only what changed: a
 * field only staff may set must not be sent, unchanged, by someone else). */
export function changedFields<T extends object>(initial: T, values: Partial<T>): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, value] of Object.entries(values) as [keyof T, T[keyof T]][]) {
    if (value === undefined) continue;
    if (JSON.stringify(value) !== JSON.stringify(initial[key])) out[key] = value;
  }
  return out;
}

// --- data sources -------------------------------------------------------------------------

/** A connection setting: text, a number, a switch, or key/value settings (Spark's `conf`). */
export type SettingValue = string | number | boolean | Record<string, string> | undefined;

export interface ConfRow {
  key: string;
  value: string;
}

/** The rows a key/value setting shows (at least one, to type into). */
export function confRows(value: Record<string, string> | undefined): ConfRow[] {
  const rows = Object.entries(value ?? {}).map(([key, item]) => ({ key, value: String(item) }));
  return rows.length ? rows : [{ key: "", value: "" }];
}

/** The object a key/value setting sends: rows without a key left out, keys trimmed. */
export function confFromRows(rows: ConfRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const row of rows) if (row.key.trim()) out[row.key.trim()] = row.value;
  return out;
}

export interface DataSourceFormValues {
  name: string;
  kind: DataSourceCreate["kind"];
  description?: string;
  config: Record<string, SettingValue>;
  secret?: Record<string, string | undefined>;
  /** A standard-mode project's development connection. */
  dev_config?: Record<string, SettingValue>;
  dev_secret?: Record<string, string | undefined>;
}

function connectionOf(
  kind: DataSourceKind | undefined,
  config: DataSourceFormValues["config"] | undefined,
  secret: DataSourceFormValues["secret"] | undefined,
): { config: Record<string, unknown>; secret: Record<string, string> } {
  const settings: Record<string, unknown> = {};
  const fields = kind ? [...kind.config_fields, ...kind.optional_fields] : Object.keys(config ?? {});
  for (const field of fields) {
    const value = config?.[field];
    if (value === undefined || value === null || value === "") continue;
    if (typeof value === "object" && Object.keys(value).length === 0) continue;
    settings[field] = value;
  }
  const secrets: Record<string, string> = {};
  for (const field of kind?.secret_fields ?? []) {
    const value = secret?.[field];
    if (value) secrets[field] = value;
  }
  return { config: settings, secret: secrets };
}

/** A data source form as the API takes it: empty optional settings left out, the secret sent
 * only when typed; in a standard-mode project the development connection too, once filled in. */
export function dataSourceBody(kind: DataSourceKind | undefined, values: DataSourceFormValues, standard = false): DataSourceCreate {
  const production = connectionOf(kind, values.config, values.secret);
  const development = connectionOf(kind, values.dev_config, values.dev_secret);
  const withDevelopment = standard && Object.keys(development.config).length > 0;
  return {
    name: values.name,
    kind: values.kind,
    description: values.description ?? "",
    config: production.config,
    ...(Object.keys(production.secret).length ? { secret: production.secret } : {}),
    ...(withDevelopment ? { dev_config: development.config } : {}),
    ...(withDevelopment && Object.keys(development.secret).length ? { dev_secret: development.secret } : {}),
  };
}

/** Every form field a data source error may name: "config.path" lands under the path field. */
export function dataSourceFields(): string[] {
  return ["name", "kind", "description", "config", "secret", "dev_config", "dev_secret"];
}

// --- the audit log ------------------------------------------------------------------------

export interface ChangeRow {
  field: string;
  before?: unknown;
  after?: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** An audit row's `changes` as rows of field, before and after. The services write
 * {"field": {"before", "after"}} for updates and {"field": value} for what a creation set;
 * long code is summarised as {"before_chars", "after_chars"}. */
export function changeRows(changes: AuditEntry["changes"] | undefined): ChangeRow[] {
  if (!isObject(changes)) return [];
  return Object.entries(changes).map(([field, value]) => {
    if (isObject(value) && ("before" in value || "after" in value)) {
      return { field, before: value.before, after: value.after };
    }
    if (isObject(value) && ("before_chars" in value || "after_chars" in value)) {
      return { field, before: `${String(value.before_chars)} chars`, after: `${String(value.after_chars)} chars` };
    }
    return { field, after: value };
  });
}

/** A value of an audit change as text. */
export function showValue(value: unknown): string {
  if (value === undefined) return "";
  if (value === null) return "null";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** The cursor of a paged list's next or previous page, from the URL the server gives. */
export function cursorOf(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url, "http://localhost").searchParams.get("cursor") ?? undefined;
  } catch {
    return undefined;
  }
}

// --- the project's clock ------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    try {
      found = new Intl.DateTimeFormat("en-CA", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      });
    } catch {
      found = formatter("UTC");
    }
    formatters.set(timeZone, found);
  }
  return found;
}

function parts(ms: number, timeZone: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== "literal") out[part.type] = Number(part.value);
  }
  return out;
}

/** "2026-03-01 08:00:05" in the project's time zone; "—" for nothing. */
export function inZone(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return "—";
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return "—";
  const p = parts(ms, timeZone);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour % 24)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** The instant (ISO, UTC) at which `date` (YYYY-MM-DD) begins in the project's time zone. */
export function zonedMidnight(date: string, timeZone: string): string {
  const [year, month, day] = date.split("-").map(Number);
  const target = Date.UTC(year, month - 1, day);
  // The zone's offset at a guess, then at the answer (a DST change may lie between them).
  let guess = target;
  for (let i = 0; i < 3; i += 1) {
    const p = parts(guess, timeZone);
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute, p.second);
    const next = guess + (target - shown);
    if (next === guess) break;
    guess = next;
  }
  return new Date(guess).toISOString();
}

/** Time zone names for a picker: the browser's list (IANA names), with UTC first. */
export function timeZoneNames(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const names = intl.supportedValuesOf ? intl.supportedValuesOf("timeZone") : [];
  return ["UTC", ...names.filter((name) => name !== "UTC")];
}
