// Worker entry that runs a TypeScript file: tsx's loader hooks, registered in the main
// thread by `node --import tsx`, do not reach Workers in Node 20, so each Worker registers
// them itself. Usage: new Worker(TS_WORKER, { argv: [fileUrlOfTheScript], workerData })
import { register } from "tsx/esm/api";

register();
await import(process.argv[2]);
