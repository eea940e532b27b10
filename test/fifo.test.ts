// The queue under every socket's pending operations (lib/fifo.ts), checked against a plain
// array doing the same operations.
import { expect, test } from "vitest";
import { Fifo } from "../lib/fifo";

// A fixed sequence of pseudo-random numbers, so that a failure can be replayed.
function numbers(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

test("push, shift, peek, remove and drain agree with an array as the queue grows to thousands and is compacted", () => {
  const random = numbers(7);
  const fifo = new Fifo<number>();
  const model: number[] = [];
  let next = 0;
  for (let step = 0; step < 60_000; step++) {
    // Phases that mostly push, then mostly shift: the queue grows to thousands and back.
    const pushing = Math.floor(step / 6_000) % 2 === 0 ? 0.7 : 0.3;
    const r = random();
    if (r < pushing) {
      fifo.push(next);
      model.push(next++);
    } else if (r < 0.995) {
      expect(fifo.shift()).toBe(model.shift());
    } else if (model.length > 0) {
      const victim = model[Math.floor(random() * model.length)];
      expect(fifo.remove(victim)).toBe(true);
      model.splice(model.indexOf(victim), 1);
    }
    expect(fifo.length).toBe(model.length);
    expect(fifo.peek()).toBe(model[0]);
  }
  expect(fifo.remove(-1)).toBe(false);
  expect(fifo.drain()).toEqual(model);
  expect(fifo.length).toBe(0);
  expect(fifo.shift()).toBeUndefined();
});
