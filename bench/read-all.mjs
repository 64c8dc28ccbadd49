// I/O floor for a Node CLI: start Node, walk the tree, read every file as text.
// Any validator written in Node has to pay at least this, so it is the fair baseline
// for "how much does our parsing and checking cost on top of reading".
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function readTree(dir) {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const sub = readTree(path);
      bytes += sub.bytes;
      files += sub.files;
    } else if (entry.isFile()) {
      bytes += readFileSync(path, 'utf8').length;
      files++;
    }
  }
  return { bytes, files };
}

const { bytes, files } = readTree(process.argv[2] ?? 'openspec');
// Printing the totals keeps the reads observable, so nothing can be optimised away.
process.stdout.write(`${files} files, ${bytes} chars\n`);
