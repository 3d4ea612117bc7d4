// Runs a synchronous CLI command (compare, report, run, validate) in-process and captures its stdout and stderr.
import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';

export function cli(...args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out += String(s);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err += String(s);
    return true;
  });
  try {
    // Only sweep and merge return a promise; these callers use the synchronous commands.
    return { code: main(['node', 'jobset-sim', ...args]) as number, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}
