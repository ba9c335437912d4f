// Helpers to put an ApiError in front of the user: a toast, or errors under form fields.
import type { FormInstance } from "antd";

import { ApiError } from "./api/client";
import i18n from "./i18n";

/** A readable sentence for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  if (typeof error === "string" && error) return error;
  return i18n.t("common:errors.unknown");
}

/** Show an error as an antd message toast (get `message` from `App.useApp()`). */
export function showError(message: { error: (content: string) => unknown }, error: unknown, prefix?: string): void {
  const text = errorMessage(error);
  void message.error(prefix ? `${prefix}: ${text}` : text);
}

/** antd Form name path for a server field name: "params.date" -> ["params", "date"], "a[0].b" -> ["a", 0, "b"]. */
export function fieldNamePath(field: string): (string | number)[] {
  return field
    .split(/\.|\[(\d+)\]/)
    .filter((part) => part !== undefined && part !== "")
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Put an ApiError's field errors under the matching form fields. Returns the errors that match no
 * field of the form (joined into a sentence), or "" when everything found its field; show that
 * in an Alert or a toast.
 */
export function applyFieldErrors(form: FormInstance, error: unknown, knownFields?: string[]): string {
  if (!(error instanceof ApiError)) return errorMessage(error);
  const known = new Set(knownFields ?? Object.keys(form.getFieldsValue(true) ?? {}));
  const matched: { name: (string | number)[]; errors: string[] }[] = [];
  const leftover: string[] = [];
  for (const [field, reasons] of Object.entries(error.fields)) {
    const path = fieldNamePath(field);
    if (field !== "non_field_errors" && known.has(String(path[0]))) matched.push({ name: path, errors: reasons });
    else leftover.push(field === "non_field_errors" ? reasons.join(" ") : `${field}: ${reasons.join(" ")}`);
  }
  if (matched.length) form.setFields(matched);
  if (!matched.length) return error.message;
  return leftover.join("; ");
}
