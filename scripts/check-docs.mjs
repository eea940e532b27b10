// Lint for the API reference (issue 18 §6): every exported name has TSDoc, and every
// `@example` in lib/ type-checks. Run after `npm run build:ts` (lib/generated/ must exist).
//
// Exported names: what lib/index.ts (`zmq-napi`) and lib/compat/index.ts (`zmq-napi/compat`,
// an `export =` object: its members, and the types of its namespace) export — classes,
// functions, constants, interfaces and type aliases — and, of each exported class, every
// public member declared in lib/ (methods, accessors, properties, static ones included;
// constructors and members named by a symbol, like `[Symbol.dispose]`, are left out: the
// class's own TSDoc says how one is made, and the symbols have one meaning each).
//
// Examples: each `@example` block of lib/ is a fragment; it is checked as the body of an
// `async function` (so `await` works), its `import` lines hoisted to the top, and
// `const x = require("m")` read as `import x = require("m")`. Before it, a prelude declares
// the free names the examples use, unless the example imports the name itself:
//   zmq-napi (lib/): zmq (the module), ctx: Context, sock/requester/receiver/subscriber/sub/
//     xpub/frontend/backend/req/server/dish/peer/push/pull/router: Socket, request: Message,
//     monitor: SocketMonitor, poller: Poller, endpoint/file: string, topic: Buffer,
//     updates: object[], jobs: string[], signal: AbortSignal, controller: AbortController,
//     handle(frame: Buffer), Worker and workerData (node:worker_threads), Readable
//     (node:stream), pipeline (node:stream/promises);
//   zmq-napi/compat (lib/compat/): zmq (the compat module), sock: zmq.Socket,
//     endpoint/front/back: string.
// A name an example declares itself shadows the prelude's.
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import ts from "typescript";

const repo = join(dirname(new URL(import.meta.url).pathname), "..");
const lib = join(repo, "lib");
const entries = { "zmq-napi": join(lib, "index.ts"), "zmq-napi/compat": join(lib, "compat", "index.ts") };

const config = ts.getParsedCommandLineOfConfigFile(join(repo, "tsconfig.build.json"), {}, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (d) => {
    throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  },
});
const options = { ...config.options, noEmit: true, declaration: false, paths: {
  "zmq-napi": [entries["zmq-napi"]],
  "zmq-napi/compat": [entries["zmq-napi/compat"]],
} };

const problems = [];
const where = (node) => {
  const file = node.getSourceFile();
  const { line } = file.getLineAndCharacterOfPosition(node.getStart());
  return `${relative(repo, file.fileName)}:${line + 1}`;
};

// ---- 1. TSDoc on every exported name -------------------------------------------------------
const program = ts.createProgram(Object.values(entries), options);
const checker = program.getTypeChecker();

const hasDoc = (decl) => ts.getJSDocCommentsAndTags(decl).some((doc) => ts.isJSDoc(doc));
const inLib = (decl) => decl.getSourceFile().fileName.startsWith(lib + "/");
const resolve = (symbol) => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);

function requireDoc(label, symbol) {
  const decls = (symbol.declarations ?? []).filter(inLib);
  if (decls.length === 0) return; // from elsewhere (node_modules)
  if (!decls.some(hasDoc)) problems.push(`${where(decls[0])}: ${label} has no TSDoc`);
}

function isPublicMember(decl) {
  if (!(ts.isMethodDeclaration(decl) || ts.isGetAccessor(decl) || ts.isSetAccessor(decl) || ts.isPropertyDeclaration(decl))) {
    return false;
  }
  if (decl.name === undefined || ts.isPrivateIdentifier(decl.name) || ts.isComputedPropertyName(decl.name)) return false;
  const flags = ts.getCombinedModifierFlags(decl);
  return (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) === 0;
}

function checkClass(label, symbol) {
  const members = [...(symbol.members?.values() ?? []), ...(symbol.exports?.values() ?? [])];
  for (const member of members) {
    const decls = (member.declarations ?? []).filter((d) => inLib(d) && isPublicMember(d));
    if (decls.length === 0) continue;
    const isStatic = ts.getCombinedModifierFlags(decls[0]) & ts.ModifierFlags.Static;
    if (!decls.some(hasDoc)) problems.push(`${where(decls[0])}: ${label}${isStatic ? "." : "#"}${member.name} has no TSDoc`);
  }
}

function checkExport(label, symbol) {
  const target = resolve(symbol);
  requireDoc(label, target);
  if (target.flags & ts.SymbolFlags.Class) checkClass(label, target);
}

const moduleOf = (path) => checker.getSymbolAtLocation(program.getSourceFile(path));
let exportedNames = 0;

for (const symbol of checker.getExportsOfModule(moduleOf(entries["zmq-napi"]))) {
  exportedNames++;
  checkExport(symbol.name, symbol);
}

// zmq-napi/compat: `export = compat`, an object typed by an interface, merged with a namespace
// of types. Its members are the interface's properties; a member named by the mapped type
// (the ZMQ_ constants) is documented by that type's TSDoc.
const compatModule = moduleOf(entries["zmq-napi/compat"]);
const exportEquals = compatModule.exports.get(ts.InternalSymbolName.ExportEquals);
const compatValue = resolve(exportEquals);
for (const property of checker.getPropertiesOfType(checker.getTypeOfSymbol(compatValue))) {
  exportedNames++;
  const decls = property.declarations ?? [];
  if (decls.length === 0 || decls.some((d) => ts.isMappedTypeNode(d.parent ?? d))) continue;
  requireDoc(`compat.${property.name}`, property);
  // A member that is a class (`Socket: typeof Socket`): its own TSDoc and members too.
  const type = checker.getTypeOfSymbol(property);
  const cls = type.getSymbol();
  if (cls && cls.flags & ts.SymbolFlags.Class) checkExport(`compat.${property.name}`, cls);
}
const mapped = checker.getPropertiesOfType(checker.getTypeOfSymbol(compatValue)).find((p) => p.name.startsWith("ZMQ_"));
for (const decl of mapped?.declarations ?? []) {
  const alias = ts.findAncestor(decl, ts.isTypeAliasDeclaration);
  if (alias && !hasDoc(alias)) problems.push(`${where(alias)}: ${alias.name.text} (the ZMQ_ constants) has no TSDoc`);
}
for (const [name, member] of compatValue.exports ?? []) {
  exportedNames++;
  checkExport(`compat.${name}`, member);
}

// ---- 2. Every @example type-checks ---------------------------------------------------------
const preludes = {
  "zmq-napi": {
    imports: {
      zmq: 'import * as zmq from "zmq-napi";',
      Worker: 'import { Worker } from "node:worker_threads";',
      workerData: 'import { workerData } from "node:worker_threads";',
      Readable: 'import { Readable } from "node:stream";',
      pipeline: 'import { pipeline } from "node:stream/promises";',
    },
    declarations: [
      "declare const ctx: zmq.Context;",
      "declare const sock: zmq.Socket, requester: zmq.Socket, receiver: zmq.Socket, subscriber: zmq.Socket;",
      "declare const sub: zmq.Socket, xpub: zmq.Socket, frontend: zmq.Socket, backend: zmq.Socket;",
      "declare const req: zmq.Socket, server: zmq.Socket, dish: zmq.Socket, peer: zmq.Socket;",
      "declare const push: zmq.Socket, pull: zmq.Socket, router: zmq.Socket, poller: zmq.Poller;",
      "declare const signal: AbortSignal, controller: AbortController, jobs: string[];",
      "declare const request: zmq.Message;",
      "declare const updates: readonly object[];",
      "declare function handle(frame: Buffer): void;",
      "declare const monitor: zmq.SocketMonitor;",
      "declare const endpoint: string, file: string;",
      "declare const topic: Buffer;",
    ],
  },
  "zmq-napi/compat": {
    imports: { zmq: 'import zmq = require("zmq-napi/compat");' },
    declarations: ["declare const sock: zmq.Socket;", "declare const endpoint: string, front: string, back: string;"],
  },
};

function exampleText(tag) {
  const comment = typeof tag.comment === "string" ? tag.comment : ts.getTextOfJSDocComment(tag.comment) ?? "";
  return comment.replace(/^\s*```\w*\n?|\n?```\s*$/g, "");
}

// An example as a module: hoisted imports, the prelude's other names, the body in a function.
function snippet(entry, text) {
  const imports = [];
  const body = [];
  for (const line of text.split("\n")) {
    const required = /^\s*const\s+(\w+)\s*=\s*require\(("[^"]+")\);?\s*$/.exec(line);
    if (required) imports.push(`import ${required[1]} = require(${required[2]});`);
    else if (/^\s*import\s/.test(line)) imports.push(line);
    else body.push(line);
  }
  const own = new Set(imports.flatMap((line) => [...line.matchAll(/\b(?:as|import)\s+(\w+)\b/g)].map((m) => m[1])));
  const prelude = preludes[entry];
  const head = Object.entries(prelude.imports).filter(([name]) => !own.has(name)).map(([, line]) => line);
  const lines = [...imports, ...head, ...prelude.declarations, "export async function example(): Promise<void> {"];
  return { text: [...lines, ...body, "}", ""].join("\n"), bodyLine: lines.length };
}

const examples = new Map(); // virtual file name → { origin, bodyLine }
for (const file of program.getSourceFiles()) {
  if (!file.fileName.startsWith(lib + "/") || file.fileName.startsWith(join(lib, "generated"))) continue;
  const entry = file.fileName.startsWith(join(lib, "compat") + "/") ? "zmq-napi/compat" : "zmq-napi";
  const visit = (node) => {
    for (const doc of node.jsDoc ?? []) {
      for (const tag of doc.tags ?? []) {
        if (tag.tagName.text !== "example") continue;
        const origin = where(tag);
        const name = join(repo, ".doc-examples", `${origin.replace(/[/:.]/g, "_")}.ts`);
        examples.set(name, { origin, ...snippet(entry, exampleText(tag)) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
}

const host = ts.createCompilerHost(options, true);
const { getSourceFile, fileExists, readFile } = host;
host.fileExists = (name) => examples.has(name) || fileExists.call(host, name);
host.readFile = (name) => examples.get(name)?.text ?? readFile.call(host, name);
host.getSourceFile = (name, version, ...rest) => {
  const example = examples.get(name);
  return example ? ts.createSourceFile(name, example.text, version, true) : getSourceFile.call(host, name, version, ...rest);
};
const exampleOptions = { ...options, rootDir: undefined };
const exampleProgram = ts.createProgram([...examples.keys(), join(lib, "node-gyp-build.d.ts")], exampleOptions, host);
for (const diagnostic of ts.getPreEmitDiagnostics(exampleProgram)) {
  const example = diagnostic.file && examples.get(diagnostic.file.fileName);
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
  if (!example) {
    problems.push(`${diagnostic.file ? relative(repo, diagnostic.file.fileName) : ""}: ${message}`);
    continue;
  }
  const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
  const at = line - example.bodyLine;
  const text = diagnostic.file.text.split("\n")[line].trim();
  problems.push(`${example.origin}: @example ${at >= 0 ? `line ${at + 1}` : "(prelude)"}: ${message}\n    ${text}`);
}

if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  console.error(`check-docs: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`check-docs: ${exportedNames} exported names documented, ${examples.size} examples type-check`);
