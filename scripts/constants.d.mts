// Types of scripts/constants.mjs, for the tests that read zmq.h as the build does.
export function headerConstants(headerText: string): string[];
export function draftConstants(headerText: string): Map<string, string | null>;
