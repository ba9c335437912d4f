// Scheduling parameters in code: finding them, suggesting them while typing.
import { insertCompletionText, pickedCompletion, type Completion, type CompletionContext, type CompletionResult } from "@codemirror/autocomplete";
import type { EditorView } from "@uiw/react-codemirror";

/** The scheduler's own tokenizer (scheduler/params.py `_EXPR`), so both sides agree. */
const EXPRESSION = /\$\{([^{}\n]*)\}|\$\[([^[\]\n]*)\]|\$(bizdate|cyctime|gmtdate|bizmonth|jobid|nodeid|taskid)\b/g;

export type ExpressionKind = "brace" | "bracket" | "system";

export interface FoundExpression {
  expression: string;
  kind: ExpressionKind;
  /** What is inside the braces or brackets, or the system name. */
  body: string;
  line: number;
  /** How often it occurs. */
  count: number;
}

/** Every distinct parameter expression in `code`, in order of first appearance. */
export function extractParameters(code: string): FoundExpression[] {
  const found = new Map<string, FoundExpression>();
  for (const match of code.matchAll(EXPRESSION)) {
    const expression = match[0];
    const existing = found.get(expression);
    if (existing) {
      existing.count += 1;
      continue;
    }
    const [, brace, bracket, system] = match;
    const kind: ExpressionKind = brace !== undefined ? "brace" : bracket !== undefined ? "bracket" : "system";
    const line = code.slice(0, match.index).split("\n").length;
    found.set(expression, { expression, kind, body: (brace ?? bracket ?? system ?? "").trim(), line, count: 1 });
  }
  return [...found.values()];
}

const DATE_FORMAT = /^(yyyy|yy|mm|dd|[-/:_. ])+([+-]\d+)?$/i;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `${name}` bodies that are neither `bizdate` nor a date format: they need a node parameter. */
export function customParameterNames(code: string): string[] {
  return extractParameters(code)
    .filter((item) => item.kind === "brace" && IDENTIFIER.test(item.body))
    .map((item) => item.body)
    .filter((name) => name !== "bizdate" && !DATE_FORMAT.test(name));
}

/** Names used in code that the node's parameters do not define. */
export function undefinedParameters(code: string, parameters: Record<string, string>): string[] {
  return customParameterNames(code).filter((name) => !(name in parameters));
}

export interface ParameterHelp {
  label: string;
  detail: string;
}

export const SCHEDULING_PARAMETERS: ParameterHelp[] = [
  { label: "${bizdate}", detail: "business date, yyyymmdd (the day before the run)" },
  { label: "${yyyymmdd}", detail: "business date, yyyymmdd" },
  { label: "${yyyy-mm-dd}", detail: "business date, yyyy-mm-dd" },
  { label: "${yyyymmdd-1}", detail: "the day before the business date" },
  { label: "${yyyymmdd-7}", detail: "a week before the business date" },
  { label: "${yyyymm}", detail: "month of the business date" },
  { label: "${yyyymm-1}", detail: "the month before the business date's" },
  { label: "${yyyy}", detail: "year of the business date" },
  { label: "$[yyyymmdd]", detail: "date of the run (cycle time)" },
  { label: "$[yyyymmdd-1]", detail: "the day before the run" },
  { label: "$[yyyy-mm-dd]", detail: "date of the run, yyyy-mm-dd" },
  { label: "$[hh24miss]", detail: "time of the run, hh24miss" },
  { label: "$[hh24miss-1/24]", detail: "an hour before the run" },
  { label: "$[hh24mi-30/24/60]", detail: "30 minutes before the run" },
  { label: "$[yyyymmddhh24miss]", detail: "date and time of the run" },
  { label: "$[add_months(yyyymmdd,-1)]", detail: "a month before the run" },
  { label: "$bizdate", detail: "business date, yyyymmdd" },
  { label: "$cyctime", detail: "cycle time, yyyymmddhh24miss" },
  { label: "$gmtdate", detail: "date of the run, yyyymmdd" },
  { label: "$bizmonth", detail: "business month, yyyymm" },
  { label: "$jobid", detail: "the project's id" },
  { label: "$nodeid", detail: "the node's id" },
  { label: "$taskid", detail: "the instance's id" },
];

/** The text being typed that could start a parameter: `$`, `${yy`, `$[hh`, `$biz`... */
const TYPED = /\$(?:\{[^}\s]*|\[[^\]\s]*|[a-z]*)$/;

/**
 * A CodeMirror completion source for scheduling parameters plus the node's own parameters
 * (`${name}`), so typing `$` offers them. When the editor has already closed the brace or bracket,
 * the completion replaces that closing character too.
 */
/** The server's forms of a dialect as completions: N becomes 1, as a user would start. */
export function completionsFromReference(forms: { form: string; meaning: string }[]): ParameterHelp[] {
  return forms.map((item) => ({ label: item.form.replace(/N/g, "1"), detail: item.meaning }));
}

export function parameterCompletions(
  nodeParameters: () => string[] = () => [],
  forms: () => ParameterHelp[] = () => SCHEDULING_PARAMETERS,
) {
  return (context: CompletionContext): CompletionResult | null => {
    const before = context.matchBefore(TYPED);
    if (!before) return null;
    const opener = before.text.charAt(1);
    const closer = opener === "{" ? "}" : opener === "[" ? "]" : "";
    const next = context.state.sliceDoc(context.pos, context.pos + 1);
    // The editor may have closed the brace already: `${|}`. Replace that closer too, or the
    // completion would leave `${bizdate}}`.
    const eatCloser = closer !== "" && next === closer;
    const apply = (view: EditorView, completion: Completion, from: number, to: number) => {
      const end = view.state.sliceDoc(to, to + 1) === closer ? to + 1 : to;
      view.dispatch({
        ...insertCompletionText(view.state, completion.label, from, end),
        annotations: pickedCompletion.of(completion),
      });
    };
    const options: Completion[] = [
      ...nodeParameters().map((name) => ({
        label: `\${${name}}`,
        detail: "node parameter",
        type: "variable",
        boost: 10,
      })),
      ...forms().map((item) => ({ label: item.label, detail: item.detail, type: "constant" })),
    ]
      .filter((option) => !closer || option.label.startsWith(`$${opener}`))
      .map((option) => (eatCloser ? { ...option, apply } : option));
    return { from: before.from, to: context.pos, options, filter: true };
  };
}
