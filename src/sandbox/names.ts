/**
 * The bundled scenarios' names and folder, apart from the scenario parser so the CLI can list them
 * in its help without loading YAML (the CLI starts like kubectl: nothing heavy before a command).
 * @module
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

/** Folder of the bundled scenarios (works from src/ under tsx and from dist/). */
export function scenariosDir(): string {
  const candidates = [join(HERE, 'scenarios'), join(HERE, '..', '..', 'src', 'sandbox', 'scenarios')];
  for (const c of candidates) if (existsSync(join(c, 'demo.yaml'))) return c;
  return candidates[0] as string;
}

/** Names of the bundled scenarios (file names without .yaml), plus the generated `large`. */
export function scenarioNames(): string[] {
  const names = readdirSync(scenariosDir())
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => basename(f, '.yaml'));
  return [...new Set([...names, 'large'])].sort();
}
