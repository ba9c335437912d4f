// The code editor: CodeMirror with SQL or Python highlighting, table, column and parameter completion.
import { sql, StandardSQL } from "@codemirror/lang-sql";
import { python } from "@codemirror/lang-python";
import CodeMirror, { EditorState, EditorView, type Extension } from "@uiw/react-codemirror";
import { useMemo, useRef } from "react";

import { parameterCompletions, SCHEDULING_PARAMETERS, type ParameterHelp } from "./params";
import { sqlNamespace, type TableColumns } from "./schema";
import type { NodeType } from "./types";

export interface CodeEditorProps {
  value: string;
  onChange: (value: string) => void;
  type: NodeType;
  tables?: string[];
  /** Columns of those tables, offered after a table's name or alias. */
  columns?: TableColumns;
  /** Names of the node's own parameters, offered as ${name}. */
  parameterNames?: string[];
  /** The scheduling parameters of the node's dialect, to complete. */
  parameterForms?: ParameterHelp[];
  readOnly?: boolean;
  height?: string;
  ariaLabel?: string;
}

export default function CodeEditor({
  value,
  onChange,
  type,
  tables = [],
  columns,
  parameterNames = [],
  parameterForms = SCHEDULING_PARAMETERS,
  readOnly = false,
  height = "100%",
  ariaLabel = "Code",
}: CodeEditorProps) {
  // The completion source reads the latest names without rebuilding the editor's extensions.
  const names = useRef(parameterNames);
  names.current = parameterNames;
  const tableKey = tables.join("\n");
  const columnKey = JSON.stringify(columns ?? {});
  const forms = useRef(parameterForms);
  forms.current = parameterForms;
  const parameters = useMemo(
    () =>
      parameterCompletions(
        () => names.current,
        () => forms.current,
      ),
    [],
  );

  const extensions = useMemo<Extension[]>(() => {
    const language: Extension[] =
      type === "sql"
        ? [sql({ dialect: StandardSQL, schema: sqlNamespace(tableKey ? tableKey.split("\n") : [], JSON.parse(columnKey) as TableColumns), upperCaseKeywords: true })]
        : type === "python"
          ? [python()]
          : [];
    return [
      ...language,
      // One source object: the completion state drops results of sources it no longer sees.
      EditorState.languageData.of(() => [{ autocomplete: parameters }]),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ "aria-label": ariaLabel }),
    ];
  }, [type, tableKey, columnKey, ariaLabel, parameters]);

  return (
    <CodeMirror
      value={value}
      onChange={onChange}
      extensions={extensions}
      readOnly={readOnly}
      height={height}
      style={{ height, fontSize: 13 }}
      basicSetup={{ foldGutter: false, highlightActiveLineGutter: true, autocompletion: true }}
      data-testid="code-editor"
    />
  );
}
