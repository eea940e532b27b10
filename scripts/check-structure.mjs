// Lint for the structure (issue 14): no file of lib/ or native/ over 400 lines, no runtime
// import cycle in lib/ (`import type` and imports of types only are erased by tsc, so they do
// not count), and no number of the wire contract (scripts/wire-contract.mjs) written by hand
// in lib/: a constant named for one of them, given a number, or an OptionKind enum of its
// own. Cycles are found by dpdm (npm); the rest reads files with the TypeScript parser.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { WIRE } from "./wire-contract.mjs";

const MAX_LINES = 400;
const repo = join(dirname(new URL(import.meta.url).pathname), "..");
const root = resolve(process.argv[2] ?? join(repo, "lib"));
const nativeRoot = join(repo, "native");

function files(dir, wanted = (path) => path.endsWith(".ts") && !path.endsWith(".d.ts")) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path, wanted);
    return wanted(path) ? [path] : [];
  });
}

const lineCount = (text) => text.split("\n").length - (text.endsWith("\n") ? 1 : 0);

// A contract number's name, and the same without its first word (RECV_MORE, MORE).
const contractNames = new Set(Object.keys(WIRE).flatMap((name) => [name, name.replace(/^[A-Z0-9]+_/, "")]));

function isNumber(node) {
  if (ts.isNumericLiteral(node)) return true;
  if (ts.isParenthesizedExpression(node)) return isNumber(node.expression);
  return ts.isBinaryExpression(node) && isNumber(node.left) && isNumber(node.right);
}

// Where a lib/ file writes a number of the wire contract itself.
function handWrittenContract(path, text) {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found = [];
  const look = (node) => {
    if (ts.isEnumDeclaration(node) && node.name.text === "OptionKind") found.push("enum OptionKind");
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      contractNames.has(node.name.text) &&
      node.initializer !== undefined &&
      isNumber(node.initializer)
    ) {
      found.push(node.name.text);
    }
    ts.forEachChild(node, look);
  };
  look(source);
  return found;
}

const problems = [];
for (const path of files(root)) {
  const text = readFileSync(path, "utf8");
  const lines = lineCount(text);
  if (lines > MAX_LINES) problems.push(`lib/${relative(root, path)}: ${lines} lines (at most ${MAX_LINES})`);
  if (!relative(root, path).startsWith("generated/")) {
    for (const name of handWrittenContract(path, text)) {
      problems.push(`lib/${relative(root, path)}: ${name} is a number of the wire contract: import it from generated/wire`);
    }
  }
}
for (const path of files(nativeRoot, (file) => /\.(cc|h)$/.test(file))) {
  const lines = lineCount(readFileSync(path, "utf8"));
  if (lines > MAX_LINES) problems.push(`native/${relative(nativeRoot, path)}: ${lines} lines (at most ${MAX_LINES})`);
}

// Runtime import cycles, by dpdm (--transform: type-only imports, erased by tsc, left out).
const dpdm = spawnSync(
  join(repo, "node_modules", ".bin", "dpdm"),
  ["--no-warning", "--no-tree", "--transform", "--exit-code", "circular:1", join(root, "index.ts")],
  { cwd: repo, encoding: "utf8" },
);
if (dpdm.status !== 0) problems.push(`lib/ has a runtime import cycle (dpdm):\n${dpdm.stdout}${dpdm.stderr}`);

if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}
