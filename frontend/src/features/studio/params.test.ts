import { CompletionContext } from "@codemirror/autocomplete";
import { EditorState, EditorView } from "@uiw/react-codemirror";
import { describe, expect, it } from "vitest";

import {
  completionsFromReference,
  customParameterNames,
  extractParameters,
  parameterCompletions,
  undefinedParameters,
} from "./params";

describe("extractParameters", () => {
  it("finds each distinct expression with its line and count", () => {
    const code = "select '${bizdate}', $[hh24miss-1/24]\nfrom t where ds = '${bizdate}'\n  and m = $bizmonth and x = '${region}'";
    expect(extractParameters(code)).toEqual([
      { expression: "${bizdate}", kind: "brace", body: "bizdate", line: 1, count: 2 },
      { expression: "$[hh24miss-1/24]", kind: "bracket", body: "hh24miss-1/24", line: 1, count: 1 },
      { expression: "$bizmonth", kind: "system", body: "bizmonth", line: 3, count: 1 },
      { expression: "${region}", kind: "brace", body: "region", line: 3, count: 1 },
    ]);
  });

  it("leaves out things that only look similar", () => {
    expect(extractParameters("select $1, $bizdatex, price$ from t")).toEqual([]);
    expect(extractParameters("${a\n}")).toEqual([]);
  });

  it("is the same for repeated calls (no regex state carried over)", () => {
    expect(extractParameters("${x}")).toHaveLength(1);
    expect(extractParameters("${x}")).toHaveLength(1);
  });
});

describe("node parameters used in code", () => {
  it("tells custom names from dates and bizdate", () => {
    const code = "${bizdate} ${yyyymmdd} ${yyyy-mm-dd-1} ${yyyymm-1} ${region} ${my_date} $[yyyymmdd]";
    expect(customParameterNames(code)).toEqual(["region", "my_date"]);
    expect(undefinedParameters(code, { region: "x" })).toEqual(["my_date"]);
  });
});

function complete(doc: string, explicit = false, names: string[] = []) {
  const pos = doc.indexOf("|");
  const text = doc.replace("|", "");
  const state = EditorState.create({ doc: text });
  return parameterCompletions(() => names)(new CompletionContext(state, pos, explicit));
}

describe("parameterCompletions", () => {
  it("offers parameters after $ and keeps to the opener that was typed", () => {
    const all = complete("select '${|", false, ["region"]);
    expect(all?.from).toBe(8);
    const labels = all!.options.map((o) => o.label);
    expect(labels[0]).toBe("${region}");
    expect(labels).toContain("${bizdate}");
    expect(labels.every((label) => label.startsWith("${"))).toBe(true);

    const brackets = complete("x = $[hh|")!;
    expect(brackets.options.every((o) => o.label.startsWith("$["))).toBe(true);
  });

  it("replaces a closing character the editor inserted", () => {
    const doc = "'${}'";
    const result = complete("'${|}'")!;
    expect(result.from).toBe(1);
    expect(result.to).toBe(3);
    const option = result.options.find((o) => o.label === "${bizdate}")!;
    expect(typeof option.apply).toBe("function");
    const view = new EditorView({ state: EditorState.create({ doc }) });
    (option.apply as (v: EditorView, c: typeof option, from: number, to: number) => void)(view, option, 1, 3);
    expect(view.state.doc.toString()).toBe("'${bizdate}'");
    view.destroy();
    expect(complete("'${|")!.options[0].apply).toBeUndefined();
  });

  it("stays quiet where no parameter starts", () => {
    expect(complete("select 1|")).toBeNull();
    expect(complete("select $|")!.options.length).toBeGreaterThan(20);
    expect(complete("select $biz|")!.options.map((o) => o.label)).toContain("$bizdate");
  });
});

describe("completion in the node's dialect", () => {
  it("offers the server's forms of the dialect, N as 1", () => {
    const forms = completionsFromReference([
      { form: "${system.biz.date}", meaning: "the day before" },
      { form: "$[yyyyMMdd-N]", meaning: "N days before" },
    ]);
    expect(forms.map((f) => f.label)).toEqual(["${system.biz.date}", "$[yyyyMMdd-1]"]);
    const source = parameterCompletions(
      () => [],
      () => forms,
    );
    const state = EditorState.create({ doc: "x $[" });
    const result = source(new CompletionContext(state, 4, false));
    expect(result!.options.map((o) => o.label)).toEqual(["$[yyyyMMdd-1]"]);
  });
});
