// The legacy short option names (`sock.identity = "PEER2"`, `setsockopt("linger", 0)`),
// derived from zmq-napi's option table (lib/options.ts): every option under its name in
// lower case, plus the legacy aliases. Values are converted as the legacy binding did: a
// string given to a binary option becomes a Buffer, flags and 64-bit options read as numbers.
import { HWM, optionNames, optionSpec, SWAP } from "../options";
import { native } from "../native";

// Legacy names that are not the option's own in lower case.
const ALIASES: Readonly<Record<string, string>> = {
  _fd: "FD",
  _ioevents: "EVENTS",
  _receiveMore: "RCVMORE",
  _subscribe: "SUBSCRIBE",
  _unsubscribe: "UNSUBSCRIBE",
  identity: "ROUTING_ID",
};
// Lower-case names that are Socket members already: those options go by their alias or id.
const TAKEN = new Set(["subscribe", "unsubscribe", "type"]);

const numberOf = (name: string) => native.constants[name] as number;

/** Short name → option id: the module's `options` map. */
export const shortOptions: Readonly<Record<string, number>> = Object.freeze({
  ...Object.fromEntries(
    optionNames()
      .map((name): [string, number] => [name.toLowerCase(), numberOf(name)])
      .filter(([short]) => !TAKEN.has(short)),
  ),
  ...Object.fromEntries(Object.entries(ALIASES).map(([short, name]) => [short, numberOf(name)])),
  // libzmq 2's options: hwm sets SNDHWM and RCVHWM (zmq-napi's HWM), swap says it is gone.
  hwm: HWM,
  swap: SWAP,
});

/** The option id for a short name or an id; a TypeError for anything else. */
export function optionId(option: unknown): number {
  if (typeof option === "number") return option;
  if (typeof option === "string" && Object.hasOwn(shortOptions, option)) return shortOptions[option];
  throw new TypeError(`unknown socket option ${JSON.stringify(option)}`);
}

/** A value as the legacy binding took it, made what zmq-napi's setsockopt takes. */
export function toOptionValue(option: number, value: unknown): unknown {
  if (option === HWM || option === SWAP) return value;
  switch (optionSpec(option).kind) {
    case "bytes":
      return typeof value === "string" ? Buffer.from(value, "utf8") : value;
    case "key":
      // A Z85 key the legacy binding was given as a 40-byte Buffer.
      return Buffer.isBuffer(value) && value.length === 40 ? value.toString("latin1") : value;
    default:
      return value;
  }
}

/** A value zmq-napi's getsockopt read, as the legacy binding gave it: numbers for numbers. */
export function fromOptionValue(value: unknown): unknown {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "bigint") return Number(value);
  return value;
}

/** An accessor per short name on `proto` (`sock.identity = "PEER2"`), through its options. */
export function defineOptionAccessors(proto: {
  getsockopt(option: string): unknown;
  setsockopt(option: string, value: unknown): unknown;
}): void {
  for (const name of Object.keys(shortOptions)) {
    Object.defineProperty(proto, name, {
      get(this: typeof proto) {
        return this.getsockopt(name);
      },
      set(this: typeof proto, value: unknown) {
        this.setsockopt(name, value);
      },
      configurable: true,
    });
  }
}
