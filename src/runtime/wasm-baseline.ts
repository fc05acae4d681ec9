import { setFlagsFromString } from 'node:v8';

/**
 * undici parses HTTP with llhttp compiled to WebAssembly. V8 compiles it once
 * with its baseline compiler (Liftoff) and then again with its optimizing one
 * (TurboFan); that second compile briefly takes some 35 MB, which alone would
 * break the bot's peak-memory budget (BENCHMARKS.md). Liftoff's code parses
 * our small answers about as fast (a few µs a call more), so the bot keeps to
 * it. The flag must be set before the first HTTP request (the parser is
 * compiled lazily then); it touches nothing else, as the bot runs no other
 * WebAssembly. NODE_OPTIONS cannot carry this V8 flag, hence here.
 */
let applied = false;

export function useBaselineWasmCompiler(): void {
  if (applied) return;
  applied = true;
  setFlagsFromString('--liftoff-only');
}
