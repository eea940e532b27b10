// Symbol.dispose and Symbol.asyncDispose, for `using` and `await using` (TypeScript 5.2+).
// Node defines both from 18.18 and 20.4; on an older Node that `engines` admits they are
// defined here, as Node defines them (a symbol under the well-known name, read-only), before
// any class of this package names them: each module whose class does imports this one first.

/** Defines `dispose` and `asyncDispose` on `symbols` (the global Symbol) where missing. */
export function defineDisposalSymbols(symbols: object): void {
  for (const name of ["dispose", "asyncDispose"] as const) {
    if (typeof (symbols as Record<string, unknown>)[name] === "symbol") continue;
    Object.defineProperty(symbols, name, { value: Symbol(`Symbol.${name}`) });
  }
}

defineDisposalSymbols(Symbol);
