// Checks on zmq_ctx_set values that libzmq takes without a word and only looks at when it
// starts its threads (the first socket): there a bad one fails a posix_assert or throws a
// C++ exception through C, and either aborts the whole process. Here it is a RangeError.
// What the scheduling options do together, set through any Context object of one context,
// and whether this process may do it, is tried on a thread before the context's first
// socket (native/thread_scheduling.h): a ZmqError of that socket.
import { cpus } from "node:os";
import type * as Constants from "./generated/constants";
import { native } from "./native";
import { requireInt } from "./validate";

const { IO_THREADS, MAX_SOCKETS, THREAD_SCHED_POLICY, THREAD_PRIORITY, THREAD_AFFINITY_CPU_ADD } =
  native.constants as Record<string, number>;

/**
 * Far above any useful number (the Guide: one I/O thread per gigabit a second), and low
 * enough that their epoll and mailbox descriptors fit the process's limit: libzmq aborts
 * when it cannot open them.
 */
export const MAX_IO_THREADS = 256;

// Linux's SCHED_OTHER, SCHED_FIFO, SCHED_RR, SCHED_BATCH and SCHED_IDLE; FIFO and RR take a
// static priority from 1 to 99 (sched(7)).
const LINUX_POLICIES = new Set([0, 1, 2, 3, 5]);
const REALTIME_POLICIES = new Set([1, 2]);

/**
 * The scheduling options as set through this Context object. libzmq cannot tell them:
 * ZMQ_THREAD_PRIORITY has the number of ZMQ_SOCKET_LIMIT, which zmq_ctx_get answers.
 */
export interface ThreadScheduling {
  policy: number;
  priority: number;
}

/** Throws a RangeError for a value libzmq would accept now and abort on later. */
export function checkContextOption(option: number, value: number, scheduling: ThreadScheduling, socketLimit: () => number): void {
  switch (option) {
    case IO_THREADS:
      requireInt("IO_THREADS", value, 0, MAX_IO_THREADS);
      break;
    case MAX_SOCKETS:
      // Above ZMQ_SOCKET_LIMIT libzmq's slot table overflows (std::length_error, an abort).
      requireInt("MAX_SOCKETS", value, 1, socketLimit());
      break;
    case THREAD_SCHED_POLICY:
      if (process.platform === "linux" && value !== -1 && !LINUX_POLICIES.has(value)) {
        throw new RangeError(`THREAD_SCHED_POLICY must be a SCHED_* policy of this system, got ${value}`);
      }
      if (REALTIME_POLICIES.has(value)) checkRealtimePriority(scheduling.priority);
      scheduling.policy = value;
      break;
    case THREAD_PRIORITY:
      if (REALTIME_POLICIES.has(scheduling.policy)) checkRealtimePriority(value);
      scheduling.priority = value;
      break;
    case THREAD_AFFINITY_CPU_ADD:
      // A set with no CPU of this machine makes pthread_setaffinity_np fail: an abort.
      requireInt("THREAD_AFFINITY_CPU_ADD", value, 0, cpus().length - 1);
      break;
  }
}

function checkRealtimePriority(priority: number): void {
  if (priority !== -1) requireInt("THREAD_PRIORITY under SCHED_FIFO or SCHED_RR", priority, 1, 99);
}

/**
 * The context options and whether zmq_ctx_set/zmq_ctx_get take them (libzmq's ctx.cpp);
 * every value is an int. Types only: libzmq itself checks the option at run time.
 * THREAD_PRIORITY has SOCKET_LIMIT's number, so that number is both set and read.
 */
interface ContextOptionAccess {
  IO_THREADS: "rw";
  MAX_SOCKETS: "rw";
  SOCKET_LIMIT: "r";
  THREAD_PRIORITY: "w";
  THREAD_SCHED_POLICY: "rw";
  MAX_MSGSZ: "rw";
  MSG_T_SIZE: "r";
  THREAD_AFFINITY_CPU_ADD: "w";
  THREAD_AFFINITY_CPU_REMOVE: "w";
  THREAD_NAME_PREFIX: "rw";
  IPV6: "rw";
  BLOCKY: "rw";
  ZERO_COPY_RECV: "rw";
}

type ContextOptionName = keyof ContextOptionAccess & keyof typeof Constants;

/** Every context option constant `ctx.set` takes. */
export type WritableContextOption = {
  [N in ContextOptionName]: ContextOptionAccess[N] extends "r" ? never : (typeof Constants)[N];
}[ContextOptionName];

/** Every context option constant `ctx.get` takes. */
export type ReadableContextOption = {
  [N in ContextOptionName]: ContextOptionAccess[N] extends "w" ? never : (typeof Constants)[N];
}[ContextOptionName];
