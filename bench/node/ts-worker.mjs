// Worker entry for a TypeScript peer: tsx's loader hooks, registered in the main thread by
// `node --import tsx`, do not reach Workers in Node 20, so the Worker registers them itself.
// Usage: new Worker(new URL("./ts-worker.mjs", import.meta.url), { argv: [import.meta.url], workerData })
import { register } from "tsx/esm/api";

register();
await import(process.argv[2]);
