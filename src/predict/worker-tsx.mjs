// Loads the TypeScript worker through tsx when predict runs from the sources (tests, `npm run sim`); compiled runs
// use dist/src/predict/worker.js directly.
import { tsImport } from 'tsx/esm/api';

const mod = await tsImport('./worker.ts', import.meta.url);
export default mod.default;
