// A drawer's form of one object, created or edited: filled when the drawer opens, checked on the
// client first, then saved; the server's reasons land on their fields, the rest above the buttons.
import { App as AntApp, type FormInstance } from "antd";
import { useEffect, useState } from "react";

import { applyFieldErrors, showError } from "../errors";

interface Callbacks<Saved> {
  onSuccess: (saved: Saved) => void;
  onError: (error: unknown) => void;
}

export interface DrawerFormOptions<Values, Saved> {
  form: FormInstance<Values>;
  open: boolean;
  /** The values the form opens with (of the object edited, or of a new one). */
  initialValues: () => Values;
  /** The object edited, or null for a new one: the form is filled again when it changes. */
  editing: unknown;
  /** The client's own checks: a reason per field at fault. */
  problems: (values: Values) => Partial<Record<string, string>>;
  /** The fields the server's reasons may name. */
  fields: string[];
  save: (values: Values, callbacks: Callbacks<Saved>) => void;
  /** The toast once saved. */
  savedMessage: (saved: Saved) => string;
  /** The toast's title when the server refuses for a reason no field shows. */
  failedMessage: string;
  onSaved?: (saved: Saved) => void;
  onClose: () => void;
}

export function useDrawerForm<Values, Saved>(options: DrawerFormOptions<Values, Saved>) {
  const { form, open, editing } = options;
  const { message } = AntApp.useApp();
  const [problem, setProblem] = useState("");
  const { initialValues } = options;

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(initialValues() as Parameters<typeof form.setFieldsValue>[0]);
      setProblem("");
    }
    // Filled on opening, and when another object is chosen; not on every render of the caller.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, editing, form]);

  const onFinish = () => {
    const values = form.getFieldsValue(true) as Values;
    const problems = Object.entries(options.problems(values));
    if (problems.length) {
      form.setFields(problems.map(([name, reason]) => ({ name: name as never, errors: [reason as string] })));
      return;
    }
    options.save(values, {
      onSuccess: (saved) => {
        void message.success(options.savedMessage(saved));
        options.onSaved?.(saved);
        options.onClose();
      },
      onError: (error) => {
        const rest = applyFieldErrors(form, error, options.fields);
        setProblem(rest);
        if (rest) showError(message, rest, options.failedMessage);
      },
    });
  };

  return { problem, clearProblem: () => setProblem(""), onFinish };
}
