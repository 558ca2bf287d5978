import { defaultHashPolicy, supportedHashAlgorithms } from '../../credentials/password-hashing.ts';
import { definePolicy, PolicyConfigError } from '../types.ts';

/** `hashAlgorithm(id)`: the algorithm new password hashes use; no check on the password. */
export const hashAlgorithmPolicy = definePolicy({
  id: 'hashAlgorithm', displayName: 'Hashing Algorithm', configType: 'String', defaultValue: defaultHashPolicy.algorithm, multipleSupported: false,
  parse(value): string {
    const algorithm = value === undefined || value === '' ? defaultHashPolicy.algorithm : value;
    if (!supportedHashAlgorithms.includes(algorithm)) throw new PolicyConfigError('Password hashing provider not found');
    return algorithm;
  },
});
