import * as z from 'zod';

// Keys of entries (instances, identities, zones) become parts of Terraform addresses and default names.
const ENTRY_KEY = /^[a-z][a-z0-9_-]{0,62}$/;

/** a key of an entry in a section of an environment file */
export const entryKey = (what: string) =>
  z.string().regex(ENTRY_KEY, { error: `${what} keys start with a lowercase letter and use only a-z, 0-9, _ and - (at most 63 characters)` });
