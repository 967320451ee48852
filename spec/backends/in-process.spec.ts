import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { Cache } from '../../src/index.js';
import { describeBackendConformance } from '../helpers/conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'decocache-fs-conf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeBackendConformance('SimpleCache', (keyPrefix) => new Cache({ type: 'SimpleCache', keyPrefix }), { realClock: false, enumerates: true });
describeBackendConformance('FileSystemCache', (keyPrefix) => new Cache({ type: 'FileSystemCache', dir, keyPrefix }), { realClock: false, enumerates: true });
