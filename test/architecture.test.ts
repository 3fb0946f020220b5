// Enforces the import rules of STYLE §C: imports only point down the layers.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

interface Import {
  readonly file: string;
  readonly line: number;
  readonly spec: string;
  readonly typeOnly: boolean;
  /** import() inside a function: loaded only when that code runs. */
  readonly dynamic?: boolean;
  /** For relative imports, the target path under src/ ("cluster/snapshot.ts"). */
  readonly target?: string;
}

function importsOf(file: string): Import[] {
  const out: Import[] = [];
  const text = readFileSync(file, 'utf8');
  const re = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(re)) {
    const spec = m[3] as string;
    const line = text.slice(0, m.index).split('\n').length;
    const rel = relative(SRC, file);
    const target = spec.startsWith('.')
      ? relative(SRC, join(file, '..', spec)).replace(/\.js$/, '.ts')
      : undefined;
    out.push({ file: rel, line, spec, typeOnly: !!m[2], ...(target ? { target } : {}) });
  }
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    const spec = m[1] as string;
    const target = spec.startsWith('.')
      ? relative(SRC, join(file, '..', spec)).replace(/\.js$/, '.ts')
      : undefined;
    out.push({
      file: relative(SRC, file),
      line: text.slice(0, m.index).split('\n').length,
      spec,
      typeOnly: false,
      dynamic: true,
      ...(target ? { target } : {}),
    });
  }
  return out;
}

const layer = (path: string): string =>
  path.includes('/') ? (path.split('/')[0] as string) : path.replace(/\.ts$/, '');

/** Every layer up to the engine: what the runners' layers build on. */
const ENGINE_AND_BELOW = ['core', 'cluster', 'checks', 'diagnose', 'render', 'slack', 'report', 'engine'];

/** Allowed relative targets per layer (layer names), and allowed packages. */
const RULES: Record<string, { layers: string[]; packages: RegExp; typeOnlyFrom?: RegExp }> = {
  core: { layers: ['core'], packages: /^node:/ },
  cluster: {
    layers: ['core', 'cluster'],
    packages: /^(node:|@kubernetes\/client-node$|jose$|yaml$|@aws-sdk\/)/,
  },
  checks: { layers: ['core', 'checks'], packages: /^$/, typeOnlyFrom: /^cluster\/snapshot\.ts$/ },
  diagnose: {
    layers: ['core', 'diagnose'],
    packages: /^(node:crypto$|node:util$|jose$)/,
    typeOnlyFrom: /^cluster\/snapshot\.ts$/,
  },
  render: {
    layers: ['core', 'render'],
    packages: /^$/,
    typeOnlyFrom: /^(checks\/types\.ts|diagnose\/index\.ts)$/,
  },
  slack: {
    layers: ['core', 'render', 'diagnose', 'checks', 'slack'],
    packages: /^(node:|@slack\/)/,
    typeOnlyFrom: /^(cluster\/|engine\.ts$)/,
  },
  engine: { layers: ['core', 'cluster', 'checks'], packages: /^node:/ },
  report: { layers: ['core', 'report'], packages: /^(node:|@aws-sdk\/client-dynamodb$)/ },
  // The sandbox is a separate program the engine reaches only over the network: it imports nothing
  // of the engine, and only the CLI imports it (`npm start`, `kube-triage sandbox`).
  sandbox: { layers: ['sandbox'], packages: /^(node:|node-forge$|jose$|yaml$)/ },
  // One path per job (the daily report, a check job), below every runner: Lambda, serve, the CLI.
  jobs: { layers: [...ENGINE_AND_BELOW, 'jobs'], packages: /^node:/ },
  // Lambda wiring: SSM config, the function's registries and stores, async invokes.
  aws: { layers: [...ENGINE_AND_BELOW, 'jobs', 'aws'], packages: /^(node:|@aws-sdk\/)/ },
  // Lambda entry points: adapters over jobs and the wiring; never the CLI or the sandbox.
  handlers: { layers: [...ENGINE_AND_BELOW, 'jobs', 'aws', 'handlers'], packages: /^node:/ },
  // The CLI: everything but the Lambda handlers (it shares their paths through jobs/), and the
  // sandbox (the one exception: `npm start` and `kube-triage sandbox` run it in-process).
  cli: {
    layers: [...ENGINE_AND_BELOW, 'jobs', 'sandbox', 'cli'],
    packages: /^(node:|commander$|yaml$|dynalite$|@aws-sdk\/)/,
  },
};

/** The folders and files under src/ without a rule. */
function unmapped(entries: readonly string[]): string[] {
  return entries
    .filter((f) => !f.endsWith('.d.ts'))
    .map((f) => f.replace(/\.ts$/, ''))
    .filter((f) => !(f in RULES));
}

/** The imports of layer `name` its rule does not allow. */
function violations(imports: readonly Import[], name: string): string[] {
  const rule = RULES[name] as (typeof RULES)[string];
  return imports
    .filter((i) => layer(i.file) === name)
    .filter((i) => {
      if (i.target) {
        if (rule.layers.includes(layer(i.target))) return false;
        return !(i.typeOnly && rule.typeOnlyFrom?.test(i.target));
      }
      return !rule.packages.test(i.spec);
    })
    .map((i) => `src/${i.file}:${i.line} imports ${i.spec}`);
}

describe('architecture', () => {
  const all = files(SRC).flatMap(importsOf);

  test('finds the imports it checks', () => {
    expect(all.length).toBeGreaterThan(50);
    expect(all.some((i) => i.file === 'engine.ts' && i.target === 'cluster/collect.ts')).toBe(true);
  });

  test('handlers stay thin adapters: at most 40 lines each', () => {
    const long = readdirSync(join(SRC, 'handlers'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => [f, readFileSync(join(SRC, 'handlers', f), 'utf8').split('\n').length] as const)
      .filter(([, n]) => n > 40);
    expect(long).toEqual([]);
  });

  test('every folder and file under src/ belongs to a layer (a new one needs a rule here)', () => {
    expect(unmapped(readdirSync(SRC))).toEqual([]);
  });

  test.each(Object.keys(RULES))('%s imports only what its layer may', (name) => {
    expect(violations(all, name)).toEqual([]);
  });

  test('the rules catch what they must: handlers → cli, cli → handlers or aws, a folder without a rule', () => {
    const imp = (file: string, target: string): Import => ({
      file,
      line: 1,
      spec: './x.js',
      typeOnly: false,
      target,
    });
    expect(violations([imp('handlers/slack.ts', 'cli/main.ts')], 'handlers')).toHaveLength(1);
    expect(violations([imp('cli/main.ts', 'handlers/slack.ts')], 'cli')).toHaveLength(1);
    expect(violations([imp('cli/main.ts', 'aws/config.ts')], 'cli')).toHaveLength(1);
    expect(violations([imp('checks/skew.ts', 'cluster/collect.ts')], 'checks')).toHaveLength(1);
    expect(violations([imp('handlers/slack.ts', 'aws/config.ts')], 'handlers')).toEqual([]);
    expect(unmapped(['core', 'newthing', 'engine.ts', 'x.d.ts'])).toEqual(['newthing']);
  });

  test('nothing but the CLI imports the sandbox, and the Slack ingress never imports the Kubernetes client', () => {
    const bad = all
      .filter((i) => i.target?.startsWith('sandbox/') && !['cli', 'sandbox'].includes(layer(i.file)))
      .map((i) => `src/${i.file}:${i.line} imports ${i.spec}`);
    expect(bad).toEqual([]);
    const ingress = all.filter((i) => i.file === 'handlers/slack.ts' || layer(i.file) === 'slack');
    expect(
      ingress.filter(
        (i) => i.spec === '@kubernetes/client-node' || (i.target?.startsWith('cluster/') && !i.typeOnly),
      ),
    ).toEqual([]);
  });

  test('every timeout goes through core/deadline.ts (AbortSignal.any/timeout can be collected and never fire)', () => {
    const bad = files(SRC)
      .filter((f) => !f.endsWith(join('core', 'deadline.ts')))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .map((l, i) => (/AbortSignal\.(?:any|timeout)\(/.test(l) ? `src/${relative(SRC, f)}:${i + 1}` : ''))
          .filter(Boolean),
      );
    expect(bad).toEqual([]);
  });

  test('the CLI entry loads nothing heavy up front: engine, Bolt, the sandbox and YAML only inside commands', () => {
    const heavy = all.filter(
      (i) =>
        i.file === 'cli/main.ts' &&
        !i.typeOnly &&
        !i.dynamic &&
        (/^(?:engine\.ts|jobs\/|report\/|slack\/(?!grammar)|sandbox\/(?!names)|cluster\/|render\/|diagnose\/)/.test(
          i.target ?? '',
        ) ||
          /^cli\/(?:serve|register|registry|scheduler)\.ts$/.test(i.target ?? '') ||
          /^(?:@kubernetes|@slack|yaml|@aws-sdk)/.test(i.spec)),
    );
    expect(heavy.map((i) => `src/${i.file}:${i.line} imports ${i.spec}`)).toEqual([]);
  });
});
