// Extracts the error and log format strings of the four families (token, clock, certificate, pod IP)
// from upstream Go sources, and writes the ones that map to a finding code to src/diagnose/upstream/.
// Not run in CI: it needs snapshots of the upstream repositories (the search tool's `fetch` puts them
// under ../.mirror/<owner>+<name>/repo; pass that directory). Usage:
//   npx tsx scripts/extract-upstream.ts ../.mirror [--candidates] [--at owner/name=<rev>]... && npm run format
// --candidates prints the unmapped ones; --at also reads an older revision of that repository and writes the
// strings it mapped that HEAD no longer has to <owner>+<name>@<rev>.json (older releases still run in clusters).
// Only string literals are read (git cat-file on the snapshot, no work tree, nothing built or run).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UPSTREAM_MAP } from './upstream-map.js';

/** Calls whose first string argument is an error or log format. */
const CALL_RE =
  /(?:\breturn\s+(?:fmt\.Sprintf\()?|\bfmt\.Sprintf\(|\b(?:fmt\.Errorf|errors\.New|errors\.Errorf|errors\.Wrapf?|pkgerrors\.\w+|status\.Errorf|klog\.(?:Errorf|Error|ErrorS|Warningf|Warning|InfoS|Infof|Info|Fatalf|V\(\d\)\.Infof?)|log\.(?:Printf|Fatalf|Errorf|Warnf|Warningf|Infof|Info|Error|Warn|Warning|Debugf)|logrus\.\w+|(?:logger|lg|log|logCxt|l)\.(?:Errorf|Error|Warnf|Warn|Warning|Warningf|Infof|Info|Debugf|WithError\([^)]{0,60}\)\.\w+)|utilruntime\.HandleError\(fmt\.Errorf)\(\s*|\.AddMsg\(\s*|\bfmt\.Fprintf\(&?[a-zA-Z_.]+,\s*)(?:[a-zA-Z_.]+,\s*)?("(?:[^"\\\n]|\\.){6,400}"|`[^`]{6,400}`)/g;

/** Words that put a string in one of the four families. */
const FAMILY_RE =
  /token|certificate|x509|\bclock|time went|drift|\bskew|expired|not yet valid|\bIP address|\bipam|\bcidr|subnet|\blease|\bbridge|unauthori[sz]ed|datastore|ip_forward|no IP|range set|available addresses|IPs available|\bpool|\bblock|serving cert|\bcsr\b|bootstrap|loopback|neighbo|requested IPv|NoAvailableAddress|\baddress allocated|adjusting time/i;

interface Source {
  readonly repo: string;
  readonly dir: string;
  readonly version: string;
  /** The revision read. @default HEAD */
  readonly rev?: string;
}

function git(dir: string, args: string[], input?: string): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, input });
}

function gitBytes(dir: string, args: string[], input: string): Buffer {
  return execFileSync('git', ['-C', dir, ...args], { maxBuffer: 1 << 30, input });
}

function sources(root: string): Source[] {
  return readdirSync(root)
    .filter((d) => d.includes('+') && existsSync(join(root, d, 'repo')))
    .map((d) => {
      const dir = join(root, d, 'repo');
      const commit = git(dir, ['rev-parse', 'HEAD']).trim();
      let tag = '';
      try {
        tag = git(dir, ['describe', '--tags', '--abbrev=0', '--match', 'v[0-9]*', 'HEAD']).trim();
      } catch {
        tag = '';
      }
      return { repo: d.replace('+', '/'), dir, version: `${tag ? `${tag} ` : ''}${commit.slice(0, 12)}` };
    });
}

/** Go source files outside tests, vendor and generated code. */
function goFiles(dir: string, rev: string): string[] {
  return git(dir, ['ls-tree', '-r', '--name-only', rev])
    .split('\n')
    .filter(
      (f) =>
        f.endsWith('.go') &&
        !f.endsWith('_test.go') &&
        !/(^|\/)(vendor|third_party|test|e2e|hack)\//.test(f) &&
        !/zz_generated|\.pb\.go$/.test(f),
    );
}

function unquote(lit: string): string {
  if (lit.startsWith('`')) return lit.slice(1, -1);
  try {
    return JSON.parse(lit) as string;
  } catch {
    return lit.slice(1, -1);
  }
}

export interface UpstreamEntry {
  readonly string: string;
  readonly code: string;
  readonly file: string;
  readonly repo: string;
  readonly version: string;
  readonly sample?: string;
  readonly args?: readonly string[];
}

function extract(src: Source): { mapped: UpstreamEntry[]; candidates: string[] } {
  const rev = src.rev ?? 'HEAD';
  const files = goFiles(src.dir, rev);
  const mapped: UpstreamEntry[] = [];
  const candidates: string[] = [];
  const seen = new Set<string>();
  // Batch through cat-file: one process per repository.
  const out = gitBytes(src.dir, ['cat-file', '--batch'], files.map((f) => `${rev}:${f}`).join('\n'));
  let pos = 0;
  for (const file of files) {
    const nl = out.indexOf(10, pos);
    const header = out.subarray(pos, nl).toString('utf8').split(' ');
    const size = Number(header[2]);
    const body = out.subarray(nl + 1, nl + 1 + size).toString('utf8');
    pos = nl + 1 + size + 1;
    for (const m of body.matchAll(CALL_RE)) {
      const s = unquote(m[1] as string);
      if (!FAMILY_RE.test(s) || seen.has(s)) continue;
      seen.add(s);
      const rule = UPSTREAM_MAP.find((r) => r.match.test(s) && (!r.repo || r.repo === src.repo));
      if (rule && rule.code !== 'none')
        mapped.push({
          string: s,
          code: rule.code,
          file,
          repo: src.repo,
          version: src.version,
          ...(rule.sample ? { sample: rule.sample } : {}),
          ...(rule.args ? { args: rule.args } : {}),
        });
      else if (!rule) candidates.push(`${src.repo} ${file}: ${s}`);
    }
  }
  return { mapped, candidates };
}

const root = process.argv[2] ?? '../.mirror';
const showCandidates = process.argv.includes('--candidates');
const outDir = join(import.meta.dirname, '..', 'src', 'diagnose', 'upstream');
mkdirSync(outDir, { recursive: true });
/** `--at owner/name=<rev>` pairs. */
const olderRevs = process.argv
  .flatMap((a, i) => (process.argv[i - 1] === '--at' ? [a] : []))
  .map((a) => a.split('='))
  .filter((kv): kv is [string, string] => kv.length === 2);

function write(file: string, src: Source, mapped: UpstreamEntry[], notOurs: number): void {
  writeFileSync(
    join(outDir, file),
    `${JSON.stringify({ repo: src.repo, version: src.version, familyStringsNotOurs: notOurs, entries: mapped.map(({ repo: _r, version: _v, ...e }) => e) }, null, 1)}\n`,
  );
}

for (const src of sources(root)) {
  const { mapped, candidates } = extract(src);
  const name = src.repo.replace('/', '+');
  write(`${name}.json`, src, mapped, candidates.length);
  console.log(
    `${src.repo} @ ${src.version}: ${mapped.length} mapped, ${candidates.length} unmapped family strings`,
  );
  if (showCandidates) for (const c of candidates) console.log(`  ? ${c}`);
  for (const [repo, rev] of olderRevs.filter(([r]) => r === src.repo)) {
    const commit = git(src.dir, ['rev-parse', rev]).trim();
    const old: Source = { ...src, rev: commit, version: `${rev} ${commit.slice(0, 12)}` };
    const now = new Set(mapped.map((e) => e.string));
    const gone = extract(old).mapped.filter((e) => !now.has(e.string));
    write(`${name}@${commit.slice(0, 12)}.json`, old, gone, 0);
    console.log(`${repo} @ ${old.version}: ${gone.length} mapped strings HEAD no longer has`);
  }
}
