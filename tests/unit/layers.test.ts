// The layers of DESIGN.md, checked from the code's own imports: arrows point down only.
//
//   site        pages and islands: the public snapshot's types, the pure rules, the API's types
//   routes      server/routes, server/pages, server/plugins, server/app.ts, server/main.ts
//   actions     the rest of server/ (server/actions, mail, ledger import, auth, …)
//   db          db/ (open, migrations, queries, the public snapshot) but the demo bureau
//   rules       server/domain: vocabulary, working days, redaction, input schemas … importing
//               nothing of the project but each other (computed: a module that imports anything
//               else is not a rule, and whatever imports it from below is then a violation)
//   demo, scripts  entry points and the demo bureau: may use anything below the site
//
// An import that points up, or sideways into another layer's private part, fails the test; so does
// SQL outside db/ and a transaction in a route or plugin (actions own them).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const SOURCE_FOLDERS = ['db', 'server', 'site/src', 'scripts'];
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', '.astro']);

type Layer = 'rules' | 'db' | 'actions' | 'routes' | 'site' | 'demo' | 'scripts';

/** Layers each layer may import, besides itself. */
const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  rules: [],
  db: ['rules'],
  actions: ['db', 'rules'],
  routes: ['actions', 'db', 'rules'],
  demo: ['actions', 'db', 'rules', 'routes'],
  scripts: ['demo', 'actions', 'db', 'rules', 'routes'],
  // The site reads the public snapshot's schema and the pure rules; the API's types as types only.
  site: ['rules'],
};

/** The one db/ module the site may import at run time: the snapshot's schema. */
const SITE_MAY_IMPORT_FROM_DB = new Set(['db/public-snapshot-schema.ts']);

interface Import {
  readonly from: string;
  readonly to: string;
  readonly typeOnly: boolean;
}

function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(join(ROOT, folder), { withFileTypes: true })) {
      const path = `${folder}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(path);
      } else if (/\.(ts|tsx|mts|mjs|astro)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        files.push(path);
      }
    }
  };
  for (const folder of SOURCE_FOLDERS) walk(folder);
  return files;
}

const IMPORT_PATTERN =
  /(?:^|[\s;])(import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const found: Import[] = [];
  for (const match of text.matchAll(IMPORT_PATTERN)) {
    const specifier = match[3] ?? match[4];
    if (specifier === undefined) continue;
    const to = relative(ROOT, normalize(join(ROOT, dirname(file), specifier))).split('\\').join('/');
    if (!SOURCE_FOLDERS.some((folder) => to.startsWith(`${folder}/`))) continue;
    found.push({ from: file, to, typeOnly: match[2] !== undefined });
  }
  return found;
}

/** server/domain modules whose imports stay, transitively, among server/domain modules like them. */
function pureRules(files: readonly string[], imports: ReadonlyMap<string, Import[]>): Set<string> {
  const pure = new Set(files.filter((file) => file.startsWith('server/domain/')));
  let changed = true;
  while (changed) {
    changed = false;
    for (const file of pure) {
      if ((imports.get(file) ?? []).some((edge) => !pure.has(edge.to))) {
        pure.delete(file);
        changed = true;
      }
    }
  }
  return pure;
}

function layerOf(file: string, rules: ReadonlySet<string>): Layer {
  if (rules.has(file)) return 'rules';
  if (file.startsWith('site/')) return 'site';
  if (file.startsWith('scripts/demo/') || file.startsWith('scripts/demo/')) return 'demo';
  if (file.startsWith('scripts/')) return 'scripts';
  if (file.startsWith('db/')) return 'db';
  if (/^server\/(routes|pages|plugins)\//.test(file) || file === 'server/app.ts' || file === 'server/main.ts') return 'routes';
  return 'actions';
}

function violations(): string[] {
  const files = sourceFiles();
  const imports = new Map(files.map((file) => [file, importsOf(file)]));
  const rules = pureRules(files, imports);
  const wrong = new Set<string>();
  for (const edges of imports.values()) {
    for (const edge of edges) {
      const from = layerOf(edge.from, rules);
      const to = layerOf(edge.to, rules);
      if (from === to) continue;
      if (MAY_IMPORT[from].includes(to)) continue;
      if (from === 'site' && to === 'db' && SITE_MAY_IMPORT_FROM_DB.has(edge.to)) continue;
      if (from === 'site' && edge.typeOnly && (to === 'routes' || to === 'actions')) continue;
      wrong.add(`${edge.from} -> ${edge.to}`);
    }
  }
  return [...wrong].sort();
}

const SQL_TEXT = /['`"](SELECT|INSERT|UPDATE|DELETE|WITH|REPLACE) /;
const TRANSACTION = /\.transaction\(/;

function filesMatching(pattern: RegExp, where: (file: string) => boolean): string[] {
  return sourceFiles()
    .filter(where)
    .filter((file) => pattern.test(readFileSync(join(ROOT, file), 'utf8')))
    .sort();
}

describe('the layers', () => {
  it('finds the imports it checks (the pattern still matches the code)', () => {
    const edges = importsOf('server/app.ts');
    expect(edges.length).toBeGreaterThan(10);
    expect(edges.some((edge) => edge.to.startsWith('server/routes/'))).toBe(true);
  });

  it('has arrows that point down only', () => {
    expect(violations()).toEqual([]);
  });

  it('keeps only rules in server/domain (the bottom layer is the folder)', () => {
    const files = sourceFiles();
    const imports = new Map(files.map((file) => [file, importsOf(file)]));
    const rules = pureRules(files, imports);
    expect(files.filter((file) => file.startsWith('server/domain/') && !rules.has(file))).toEqual([]);
  });

  it('keeps SQL in db/', () => {
    expect(filesMatching(SQL_TEXT, (file) => !file.startsWith('db/'))).toEqual([]);
  });

  it('keeps audit writes out of routes, pages and plugins (an action writes its audit entry)', () => {
    const inRoutes = (file: string): boolean => /^server\/(routes|pages|plugins)\//.test(file) || file === 'server/app.ts';
    expect(filesMatching(/\brecordAudit\(/, inRoutes)).toEqual([]);
  });

  it('keeps only route modules in server/routes (helpers and services live in plugins/ and actions/)', () => {
    const routeModules = readdirSync(join(ROOT, 'server/routes')).filter((name) => !name.endsWith('.md'));
    expect(routeModules.length).toBeGreaterThan(10);
    const registersRoutes = (name: string): boolean => {
      const text = readFileSync(join(ROOT, 'server/routes', name), 'utf8');
      return /export const \w+: FastifyPluginAsync\b/.test(text) && /\.(get|post|put|patch|delete|route)(<[^>]*>)?\(\s*['`]\//.test(text);
    };
    expect(routeModules.filter((name) => !registersRoutes(name))).toEqual([]);
  });

  it('keeps permission checks out of routes and pages (the actions check; the sign-in guard is a plugin)', () => {
    const inRoutes = (file: string): boolean => /^server\/(routes|pages)\//.test(file);
    expect(filesMatching(/\b(hasRole|mayAct|mayEverTake|canSeeAllFeedback|canSee\w*|mayOpen)\(/, inRoutes)).toEqual([]);
  });

  it('keeps transactions out of routes, pages and plugins', () => {
    const inRoutes = (file: string): boolean => /^server\/(routes|pages|plugins)\//.test(file) || file === 'server/app.ts';
    expect(filesMatching(TRANSACTION, inRoutes)).toEqual([]);
  });
});
