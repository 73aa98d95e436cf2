// The server's work on files (reading them into the workspace, publishing) runs in slices of a few
// milliseconds, one slice per turn of the event loop, so that a request never waits behind more
// than one. Every piece of such work awaits `nextSlice` first: while the slice of this turn has time
// left it goes on at once, else it waits for the next turn (requests are read and answered between).
import type { ServerState } from './state.js';

/** Milliseconds of file work per turn of the event loop. */
const SLICE_MS = 8;

export async function nextSlice(state: ServerState): Promise<void> {
  while (performance.now() - state.sliceStart > SLICE_MS) {
    // One turn starts one slice, for every piece of work waiting (they go on in order).
    state.sliceWait ??= new Promise((resolve) =>
      setImmediate(() => {
        state.sliceStart = performance.now();
        state.sliceWait = undefined;
        resolve();
      }),
    );
    await state.sliceWait;
  }
}

/** Whether the slice of this turn has time left (for loops that yield on their own). */
export function sliceLeft(state: ServerState): boolean {
  return performance.now() - state.sliceStart <= SLICE_MS;
}
