// Writes scripts/demo/sample-ledger.xlsx, the bureau-style sheet server/ledger/README.md offers for trying the import.
// Usage: npm run ledger-sample
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_LEDGER_FILE, sampleLedgerXlsx } from './demo/sample-ledger.ts';
import { PROJECT_ROOT } from '../server/config.ts';

const path = join(PROJECT_ROOT, SAMPLE_LEDGER_FILE);
writeFileSync(path, await sampleLedgerXlsx());
process.stdout.write(`wrote ${path}\n`);
