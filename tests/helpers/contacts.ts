// The contact vault of the test apps (TEST_SECRET_KEY), for tests that call the named actions
// directly or read sealed columns.
import { contactVaultFor } from '../../server/actions/contact-details.ts';
import { TEST_SECRET_KEY } from './secret-key.ts';

export const TEST_CONTACTS = contactVaultFor({ secretKey: Buffer.from(TEST_SECRET_KEY, 'hex') });
