// Lint for the structure (issue 14): no file of lib/ or native/ over 400 lines, no runtime
// import cycle in lib/ (`import type` and imports of types only are erased by tsc, so they do
// not count), and no number of the wire contract (scripts/wire-contract.mjs) written by hand
// in lib/: a constant named for one of them, given a number, or an OptionKind enum of its
// own. Uses the TypeScript compiler's parser only: no dependency of its own.
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

// The relative modules a file needs at run time.
function runtimeImports(path, text) {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false);
  const found = [];
  for (const node of source.statements) {
    const isImport = ts.isImportDeclaration(node);
    if (!isImport && !ts.isExportDeclaration(node)) continue;
    if (node.moduleSpecifier === undefined || !ts.isStringLiteral(node.moduleSpecifier)) continue;
    const spec = node.moduleSpecifier.text;
    if (!spec.startsWith(".")) continue;
    if (isImport) {
      const clause = node.importClause;
      if (clause?.isTypeOnly) continue;
      const named = clause?.namedBindings;
      const onlyTypes =
        clause !== undefined &&
        clause.name === undefined &&
        named !== undefined &&
        ts.isNamedImports(named) &&
        named.elements.length > 0 &&
        named.elements.every((element) => element.isTypeOnly);
      if (onlyTypes) continue;
    } else {
      if (node.isTypeOnly) continue;
      const clause = node.exportClause;
      if (clause !== undefined && ts.isNamedExports(clause) && clause.elements.every((e) => e.isTypeOnly)) continue;
    }
    const base = resolve(dirname(path), spec);
    for (const candidate of [`${base}.ts`, join(base, "index.ts")]) {
      try {
        if (statSync(candidate).isFile()) {
          found.push(candidate);
          break;
        }
      } catch {
        // not this one
      }
    }
  }
  return found;
}

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
const graph = new Map();
for (const path of files(root)) {
  const text = readFileSync(path, "utf8");
  const lines = lineCount(text);
  if (lines > MAX_LINES) problems.push(`lib/${relative(root, path)}: ${lines} lines (at most ${MAX_LINES})`);
  graph.set(path, runtimeImports(path, text));
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

// Depth-first search; a module met again while on the stack closes a cycle.
const state = new Map(); // 1: on the stack, 2: done
const stack = [];
function visit(path) {
  state.set(path, 1);
  stack.push(path);
  for (const next of graph.get(path) ?? []) {
    if (state.get(next) === 1) {
      const cycle = [...stack.slice(stack.indexOf(next)), next].map((p) => relative(root, p));
      problems.push(`lib/ has a runtime import cycle: ${cycle.join(" > ")}`);
    } else if (state.get(next) === undefined) {
      visit(next);
    }
  }
  stack.pop();
  state.set(path, 2);
}
for (const path of graph.keys()) if (state.get(path) === undefined) visit(path);

if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}
