// Writing a file the user named on the command line (`--png FILE`), safely: an existing file is kept unless `--force`,
// a symbolic link is never followed, nothing is written inside the embedded database's folder, and the file appears
// whole (written beside it, then renamed into place) or not at all.
import fs from 'node:fs';
import path from 'node:path';

/** Why `target` may not be written, or null. `home` is $MLTRAINER_HOME, whose `db` folder is off limits. */
export function outputFileProblem(target: string, opts: { force: boolean; home: string }): string | null {
  const full = path.resolve(target);
  const dir = path.dirname(full);
  let realDir: string;
  try {
    realDir = fs.realpathSync(dir);
  } catch {
    return `cannot write ${target}: its folder ${dir} does not exist`;
  }
  const dbDir = path.resolve(opts.home, 'db');
  const realDb = fs.existsSync(dbDir) ? fs.realpathSync(dbDir) : dbDir;
  for (const [d, db] of [
    [dir, dbDir],
    [realDir, realDb],
  ] as const) {
    if (d === db || d.startsWith(db + path.sep)) return `refusing to write ${target}: it is inside the database folder ${dbDir}; choose another place`;
  }
  let st: fs.Stats;
  try {
    st = fs.lstatSync(full);
  } catch {
    return null; // a new file
  }
  if (st.isSymbolicLink()) return `refusing to write ${target}: it is a symbolic link, which is never followed; name the file itself`;
  if (!st.isFile()) return `refusing to write ${target}: it exists and is not a regular file`;
  if (!opts.force) return `refusing to overwrite ${target}: it exists; add --force to replace it`;
  return null;
}

/** Copies `source` to `target` (checked with outputFileProblem first): a temporary file beside it, then a rename. */
export function copyToOutputFile(source: string, target: string): void {
  const full = path.resolve(target);
  const tmp = path.join(path.dirname(full), `.${path.basename(full)}.${process.pid}.tmp`);
  try {
    fs.copyFileSync(source, tmp, fs.constants.COPYFILE_EXCL);
    fs.renameSync(tmp, full);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
