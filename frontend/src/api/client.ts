// A small fetch wrapper: JSON in and out, the session cookie, the CSRF header, one error type.

/** Field name (dotted for nested fields, e.g. "params.date") -> reasons. */
export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  /** HTTP status; 0 when the server could not be reached at all. */
  status: number;
  fields: FieldErrors;
  /** The parsed error body as the server sent it (extra keys such as a refused loop's "cycle"). */
  body: unknown;

  constructor(status: number, message: string, fields: FieldErrors = {}, body: unknown = undefined) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.fields = fields;
    this.body = body;
  }

  /** The API's answer for "who are you?": no session, or an expired one. */
  get isUnauthenticated(): boolean {
    return this.status === 401;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);
export const CSRF_COOKIE = "csrftoken";
export const CSRF_HEADER = "X-CSRFToken";

export function isUnsafeMethod(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

export function readCookie(name: string, cookies: string = document.cookie): string | null {
  for (const part of cookies.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) {
      const value = rest.join("=");
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    }
  }
  return null;
}

/** The CSRF header Django wants on every unsafe method; nothing on GET/HEAD/OPTIONS/TRACE. */
export function csrfHeaders(method: string, cookies?: string): Record<string, string> {
  if (!isUnsafeMethod(method)) return {};
  const token = readCookie(CSRF_COOKIE, cookies);
  return token ? { [CSRF_HEADER]: token } : {};
}

function flattenErrors(value: unknown, prefix: string, out: FieldErrors): void {
  const name = prefix || "non_field_errors";
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    if (value.every((item) => item === null || typeof item !== "object")) {
      const reasons = value.filter((item) => item !== null && item !== undefined).map(String);
      if (reasons.length) out[name] = [...(out[name] ?? []), ...reasons];
      return;
    }
    value.forEach((item, index) => {
      if (item !== null && typeof item === "object") {
        flattenErrors(item, prefix ? `${prefix}[${index}]` : String(index), out);
      } else if (item !== null && item !== undefined) {
        out[name] = [...(out[name] ?? []), String(item)];
      }
    });
    return;
  }
  if (typeof value === "object") {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      flattenErrors(item, prefix ? `${prefix}.${key}` : key, out);
    }
    return;
  }
  out[name] = [...(out[name] ?? []), String(value)];
}

/** Summary line for field errors, like the server's own: "name: reason; other reason". */
export function summarizeFields(fields: FieldErrors): string {
  return Object.entries(fields)
    .filter(([, reasons]) => reasons.length > 0)
    .map(([field, reasons]) => (field === "non_field_errors" ? reasons[0] : `${field}: ${reasons[0]}`))
    .join("; ");
}

export function fallbackMessage(status: number): string {
  switch (status) {
    case 0:
      return "Cannot reach the server. Check your connection and try again.";
    case 401:
      return "You are not logged in.";
    case 403:
      return "You do not have permission to do this.";
    case 404:
      return "Not found.";
    default:
      return `The server answered HTTP ${status}.`;
  }
}

/**
 * Turn any error body the server sends into an ApiError with a readable message. Understands
 * the Workbench shape {"detail": "...", "errors": {"field": ["reason"]}}, DRF's default
 * {"field": ["reason"]} (nested too) and {"detail": "..."}, and a bare list of reasons.
 */
export function parseError(status: number, body: unknown): ApiError {
  if (body !== null && typeof body === "object") {
    const data = body as Record<string, unknown>;
    const fields: FieldErrors = {};
    if (Array.isArray(body)) {
      flattenErrors(body, "", fields);
    } else if (data.errors !== null && typeof data.errors === "object") {
      flattenErrors(data.errors, "", fields);
    } else {
      const { detail: _detail, ...rest } = data;
      flattenErrors(rest, "", fields);
    }
    if (typeof data.detail === "string" && data.detail.trim()) {
      return new ApiError(status, data.detail, fields, body);
    }
    const summary = summarizeFields(fields);
    if (summary) return new ApiError(status, summary, fields, body);
  }
  return new ApiError(status, fallbackMessage(status), {}, body);
}

export type QueryParams = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: string;
  /** A plain value is sent as JSON; FormData/Blob/URLSearchParams/string are sent as they are. */
  body?: unknown;
  params?: QueryParams;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Append query parameters, leaving out null/undefined ones. */
export function withParams(path: string, params?: QueryParams): string {
  if (!params) return path;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined) search.append(key, String(value));
  }
  const query = search.toString();
  if (!query) return path;
  return `${path}${path.includes("?") ? "&" : "?"}${query}`;
}

function isRawBody(body: unknown): body is BodyInit {
  return (
    typeof body === "string" ||
    (typeof FormData !== "undefined" && body instanceof FormData) ||
    (typeof Blob !== "undefined" && body instanceof Blob) ||
    (typeof URLSearchParams !== "undefined" && body instanceof URLSearchParams)
  );
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = (options.method ?? "GET").toUpperCase();
  const headers: Record<string, string> = {
    Accept: "application/json",
    ...csrfHeaders(method),
    ...options.headers,
  };
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    if (isRawBody(options.body)) {
      body = options.body;
    } else {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(options.body);
    }
  }
  let response: Response;
  try {
    response = await fetch(withParams(path, options.params), {
      method,
      headers,
      body,
      credentials: "same-origin",
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, fallbackMessage(0));
  }
  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!response.ok) throw parseError(response.status, data);
  return data as T;
}

type BodyOptions = Omit<RequestOptions, "method" | "body">;

/** Shorthands: http.get("/api/v1/projects/"), http.post(url, {name}) and so on. */
export const http = {
  get: <T>(path: string, options?: BodyOptions) => api<T>(path, { ...options, method: "GET" }),
  post: <T>(path: string, body?: unknown, options?: BodyOptions) => api<T>(path, { ...options, method: "POST", body }),
  put: <T>(path: string, body?: unknown, options?: BodyOptions) => api<T>(path, { ...options, method: "PUT", body }),
  patch: <T>(path: string, body?: unknown, options?: BodyOptions) =>
    api<T>(path, { ...options, method: "PATCH", body }),
  delete: <T = void>(path: string, options?: BodyOptions) => api<T>(path, { ...options, method: "DELETE" }),
};
