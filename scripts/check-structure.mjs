// Lint for the structure (issue 14): no file of lib/ or native/ over 400 lines, and no runtime
// import cycle in lib/ (`import type` and imports of types only are erased by tsc, so they do
// not count). Uses the TypeScript compiler's parser only: no dependency of its own.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

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

const problems = [];
const graph = new Map();
for (const path of files(root)) {
  const text = readFileSync(path, "utf8");
  const lines = lineCount(text);
  if (lines > MAX_LINES) problems.push(`lib/${relative(root, path)}: ${lines} lines (at most ${MAX_LINES})`);
  graph.set(path, runtimeImports(path, text));
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
