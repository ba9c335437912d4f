// The rule editor's SQL preview: for a business date, on demand, and once shown, following the
// form's edits (debounced) and the date.
import type { FormInstance } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect, useRef, useState } from "react";

import { businessDate } from "../../clock";
import { usePreviewSql } from "./api";
import { formToBody, type RuleFormValues } from "./rules";

export const PREVIEW_DEBOUNCE_MS = 600;

interface Options {
  projectId: number;
  timezone: string;
  form: FormInstance<RuleFormValues>;
  /** Preview at once: a stored rule is complete. */
  previewOnOpen: boolean;
  /** The server's refusal of a preview the user asked for. */
  onRefused: (error: unknown) => void;
}

export function useSqlPreview({ projectId, timezone, form, previewOnOpen, onRefused }: Options) {
  const preview = usePreviewSql(projectId);
  const [bizdate, setBizdate] = useState<Dayjs>(() => dayjs(businessDate(timezone)));
  const [following, setFollowing] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>();

  useEffect(() => () => clearTimeout(timer.current), []);

  /** Preview what the form holds now; `explicit` when the user asked (refusals are shown). */
  const run = (explicit: boolean) => {
    const values = form.getFieldsValue(true) as RuleFormValues;
    preview.mutate(
      // The preview needs no name yet.
      { ...formToBody(values), name: values.name?.trim() || "preview", bizdate: bizdate.format("YYYY-MM-DD") },
      {
        onSuccess: () => setFollowing(true),
        onError: (error) => {
          if (explicit) onRefused(error);
        },
      },
    );
  };

  /** After an edit: preview again a moment later, once a preview is shown. */
  const follow = () => {
    if (!following) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => run(false), PREVIEW_DEBOUNCE_MS);
  };

  useEffect(() => {
    if (previewOnOpen) run(false);
    // Once, when the editor opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    follow();
    // Re-preview for another business date, and only then.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bizdate]);

  return { preview, bizdate, setBizdate, run, follow };
}
