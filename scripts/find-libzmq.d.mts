// Types of scripts/find-libzmq.mjs, for the tests that read zmq.h as the build does.
export function findLibzmq(): {
  header: string;
  includeDir: string;
  cflags: string;
  defines: string;
  draft: boolean;
  libs: string;
};
