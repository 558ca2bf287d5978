import { definePolicy } from '../types.ts';
import { parseInteger } from './shared.ts';

/** `hashIterations(n)`: the iteration count of new hashes; -1 (the default) means the algorithm's own. */
export const hashIterationsPolicy = definePolicy({
  id: 'hashIterations', displayName: 'Hashing Iterations', configType: 'int', defaultValue: '-1', multipleSupported: false,
  parse: (value) => parseInteger(value, -1),
});
