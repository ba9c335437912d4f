// A small fetch wrapper: JSON in and out, the session cookie, the CSRF header, one error type.

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  status: number;
  fields: FieldErrors;

  constructor(status: number, message: string, fields: FieldErrors = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.fields = fields;
  }
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function readCookie(name: string, cookies: string = document.cookie): string | null {
  for (const part of cookies.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

export function csrfHeaders(method: string, cookies?: string): Record<string, string> {
  if (!UNSAFE.has(method.toUpperCase())) return {};
  const token = readCookie("csrftoken", cookies);
  return token ? { "X-CSRFToken": token } : {};
}

/** Turn any error body the server sends into an ApiError with a readable message. */
export function parseError(status: number, body: unknown): ApiError {
  if (body && typeof body === "object") {
    const data = body as Record<string, unknown>;
    const fields: FieldErrors = {};
    const raw = (data.errors ?? data) as Record<string, unknown>;
    for (const [key, value] of Object.entries(raw)) {
      if (key === "detail") continue;
      if (Array.isArray(value)) fields[key] = value.map(String);
      else if (typeof value === "string") fields[key] = [value];
    }
    if (typeof data.detail === "string") return new ApiError(status, data.detail, fields);
    const first = Object.entries(fields)[0];
    if (first) return new ApiError(status, `${first[0]}: ${first[1][0]}`, fields);
  }
  return new ApiError(status, `The server answered HTTP ${status}.`);
}

export async function api<T>(path: string, options: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = { Accept: "application/json", ...csrfHeaders(method) };
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body, credentials: "same-origin" });
  } catch {
    throw new ApiError(0, "Cannot reach the server. Check your connection and try again.");
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
