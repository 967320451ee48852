import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { Cache, FileSystemCache, SimpleBackend } from '../../src/index.js';
import { runBackendSuite } from '../helpers/backend-suite.js';
import { describeBackendConformance } from '../helpers/conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'decocache-fs-conf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const simple = new SimpleBackend();
runBackendSuite('SimpleBackend', () => simple, { atomic: true, deletePattern: true, peek: true, writesNow: true }, 'fake');
runBackendSuite('FileSystemCache', () => new FileSystemCache({ dir: join(dir, 'backend') }), { atomic: true, deletePattern: true }, 'fake');

describeBackendConformance('SimpleCache', (keyPrefix) => new Cache({ type: 'SimpleCache', keyPrefix }), { realClock: false, enumerates: true });
describeBackendConformance('FileSystemCache', (keyPrefix) => new Cache({ type: 'FileSystemCache', dir, keyPrefix }), { realClock: false, enumerates: true });
