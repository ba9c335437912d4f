// Every text a user reads goes through i18next. This scan of the sources fails on English
// written straight into the markup: JSX text, string props that are shown (title, placeholder,
// label...) and the strings given to antd's message/notification/modal calls.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..");

/** Props whose string value is shown to the user. */
const VISIBLE_PROPS = new Set([
  "title",
  "placeholder",
  "label",
  "tooltip",
  "okText",
  "cancelText",
  "description",
  "message",
  "extra",
  "emptyText",
  "addonBefore",
  "addonAfter",
  "checkedChildren",
  "unCheckedChildren",
  "aria-label",
  "alt",
  "help",
  "subTitle",
  "content",
]);

/** antd calls that show their string argument. */
const VISIBLE_CALLS = /^(message|notification|modal|Modal)\.(success|error|info|warning|warn|loading|open|confirm)$/;

/** Texts that are the same in every language (names, SQL's NULL, an example value); kept short. */
const ALLOWED = new Set(["Workbench", "SQL", "Python", "Cron", "NULL", "paid", "English"]);

/** Code rather than words: an identifier, a key, an address or a SQL statement. */
const isCode = (text: string) => /^[^\s]*[_.@/${:][^\s]*$/.test(text) || /^(SELECT|WITH) /.test(text) || /\$\{/.test(text);

const hasWords = (text: string) => /[A-Za-z]{2,}/.test(text) && !ALLOWED.has(text.trim()) && !isCode(text.trim());

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    const source = /\.tsx?$/.test(entry.name) && !/\.(test|d)\.tsx?$/.test(entry.name);
    return source && !path.includes(`${join("src", "test")}`) ? [path] : [];
  });
}

/** "file:line text" for every hard-coded visible string in a source file. */
export function literals(path: string, text: string): string[] {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  // Outside markup (.ts), a lone lowercase word is a key of the messages, not a text.
  const isKey = (value: string) => !path.endsWith(".tsx") && /^[a-z]+$/.test(value);
  const report = (node: ts.Node, value: string) => {
    if (isKey(value)) return;
    const line = file.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    found.push(`${relative(ROOT, path)}:${line} ${value.trim()}`);
  };
  /** The strings an expression can show: a literal, either side of a condition or a default. */
  const stringsOf = (node: ts.Node | undefined): string[] => {
    if (!node) return [];
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
    if (ts.isTemplateExpression(node)) return [node.head.text + node.templateSpans.map((span) => span.literal.text).join(" ")];
    if (ts.isJsxExpression(node) || ts.isParenthesizedExpression(node)) return stringsOf(node.expression);
    if (ts.isConditionalExpression(node)) return [...stringsOf(node.whenTrue), ...stringsOf(node.whenFalse)];
    if (ts.isBinaryExpression(node) && [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.AmpersandAmpersandToken].includes(node.operatorToken.kind)) {
      return stringsOf(node.right);
    }
    return [];
  };
  const check = (node: ts.Node, value: ts.Node | undefined) => {
    for (const text of stringsOf(value)) if (hasWords(text)) report(node, text);
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && hasWords(node.text)) report(node, node.text);
    if (ts.isJsxExpression(node) && node.parent && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      check(node, node.expression);
    }
    if (ts.isJsxAttribute(node) && VISIBLE_PROPS.has(node.name.getText(file))) {
      check(node, node.initializer);
    }
    if (ts.isCallExpression(node) && VISIBLE_CALLS.test(node.expression.getText(file))) {
      check(node, node.arguments[0]);
    }
    if (ts.isPropertyAssignment(node) && ts.isObjectLiteralExpression(node.parent)) {
      const name = node.name.getText(file);
      // Options of a toast or a dialog, table columns, menu items, select options...
      if (VISIBLE_PROPS.has(name)) check(node, node.initializer);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe("visible texts", () => {
  it("finds hard-coded text in markup, props and toasts", () => {
    const sample = `
      const A = () => <Button title="Delete it" placeholder={t("x")}>Save now</Button>;
      const B = () => <p>{"Hello there"} {t("ok")} SQL</p>;
      message.success("Saved the node");
      modal.confirm({ title: \`Delete \${name}?\`, okText: t("yes") });
    `;
    expect(literals(join(ROOT, "sample.tsx"), sample).map((entry) => entry.split(" ").slice(1).join(" "))).toEqual([
      "Delete it",
      "Save now",
      "Hello there",
      "Saved the node",
      "Delete ?",
    ]);
  });

  it("are all translated", () => {
    const found = sources(ROOT).flatMap((path) => literals(path, readFileSync(path, "utf8")));
    expect(found).toEqual([]);
  });
});
