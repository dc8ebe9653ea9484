/**
 * The code base as an import graph, read with the TypeScript compiler API (syntax only: fast, no type check),
 * and the architecture rules checked on it. Works on any map of path → source text, so the rules are tested
 * on small planted fixtures as well as run on the real tree (tests/unit/architecture.test.ts).
 */
import { posix } from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  /** Repo-relative path of the imported file, or the package name for a bare specifier. */
  readonly to: string;
  readonly external: boolean;
  /** `import type …` / `export type …`: erased at build time. */
  readonly typeOnly: boolean;
  /** `import('…')`: loaded on use. */
  readonly dynamic: boolean;
}

export interface SourceModule {
  readonly path: string;
  readonly imports: readonly ImportEdge[];
  /** Where the module references the chrome / browser extension API (global or imported), as "line: text". */
  readonly extensionApi: readonly string[];
}

export type Graph = ReadonlyMap<string, SourceModule>;

const EXTENSIONS = ['', '.ts', '.tsx', '.d.ts', '.mts', '.mjs', '.js', '/index.ts', '/index.tsx'];
/** Packages that hand out the extension API under another name. */
const EXTENSION_API_PACKAGES = new Set(['wxt/browser', '@wxt-dev/browser', 'webextension-polyfill']);
const EXTENSION_GLOBALS = new Set(['chrome', 'browser']);

function scriptKind(path: string): ts.ScriptKind {
  return path.endsWith('.tsx') ? ts.ScriptKind.TSX : /\.(m?js)$/.test(path) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
}

/** A relative specifier resolved against the known files (`?url`, `?worker&url` queries dropped), else null. */
export function resolveRelative(from: string, specifier: string, exists: (path: string) => boolean): string | null {
  const bare = specifier.split('?')[0]!;
  const base = posix.normalize(posix.join(posix.dirname(from), bare));
  for (const ext of EXTENSIONS) if (exists(base + ext)) return base + ext;
  return null;
}

/** Whether `id` at this position names a binding rather than being a name inside something else. */
function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if (ts.isQualifiedName(p) && p.right === id) return false;
  if ((ts.isPropertyAssignment(p) || ts.isPropertySignature(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p)) && p.name === id) return false;
  if (ts.isBindingElement(p) && p.propertyName === id) return false;
  if ((ts.isImportSpecifier(p) || ts.isExportSpecifier(p)) && p.propertyName === id) return false;
  if (ts.isJsxAttribute(p)) return false;
  if (ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return false;
  return true;
}

/** Names the file declares itself (variables, parameters, functions, imports not from an extension-API package). */
function localNames(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const addBinding = (name: ts.BindingName) => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const el of name.elements) if (!ts.isOmittedExpression(el)) addBinding(el.name);
  };
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) || ts.isParameter(node)) addBinding(node.name);
    else if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) && node.name) names.add(node.name.text);
    else if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && !EXTENSION_API_PACKAGES.has(node.moduleSpecifier.text)) {
      const clause = node.importClause;
      if (clause?.name) names.add(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) names.add(el.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

/** Parses one module: its imports (static, re-exports, dynamic) and its uses of the extension API. */
export function parseModule(path: string, text: string, exists: (path: string) => boolean): SourceModule {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKind(path));
  const imports: ImportEdge[] = [];
  const extensionApi: string[] = [];
  const where = (node: ts.Node) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    return `${line + 1}: ${node.parent.getText(source).split('\n')[0]!.slice(0, 120)}`;
  };
  const add = (specifier: string, typeOnly: boolean, dynamic: boolean, node: ts.Node) => {
    if (EXTENSION_API_PACKAGES.has(specifier)) extensionApi.push(where(node));
    if (specifier.startsWith('.')) {
      const to = resolveRelative(path, specifier, exists);
      if (to) imports.push({ to, external: false, typeOnly, dynamic });
      else throw new Error(`${path}: cannot resolve '${specifier}'`);
    } else {
      imports.push({ to: specifier, external: true, typeOnly, dynamic });
    }
  };
  const shadowed = localNames(source);
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const allTypes = !!clause && (clause.isTypeOnly || (!clause.name && !!clause.namedBindings && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier.text, allTypes, false, node.moduleSpecifier);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly, false, node.moduleSpecifier);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) add(arg.text, false, true, arg);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, true, false, node.argument.literal);
    } else if (ts.isIdentifier(node) && EXTENSION_GLOBALS.has(node.text) && !shadowed.has(node.text) && isReference(node)) {
      extensionApi.push(where(node));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { path, imports, extensionApi };
}

/** The graph of every file in `files` (repo-relative posix path → source text); other files (CSS) are leaves. */
export function buildGraph(files: ReadonlyMap<string, string>): Graph {
  const exists = (p: string) => files.has(p);
  return new Map(
    [...files].map(([path, text]) => [path, /\.(m?[jt]sx?)$/.test(path) ? parseModule(path, text, exists) : { path, imports: [], extensionApi: [] }]),
  );
}

/** The architecture unit of a file: lib/<folder>, lib/model for lib/model.ts, components, entrypoints; else null. */
export function unitOf(path: string): string | null {
  const parts = path.split('/');
  if (parts[0] === 'lib') return parts.length === 2 ? `lib/${parts[1]!.replace(/\.(ts|tsx)$/, '')}` : `lib/${parts[1]}`;
  if (parts[0] === 'components' || parts[0] === 'entrypoints') return parts[0];
  return null;
}

export interface UnitEdge {
  readonly from: string;
  readonly to: string;
  /** One file-level import that makes the edge, for the failure message. */
  readonly example: string;
}

/** Imports between different units (type-only imports included: they couple the code just the same). */
export function unitEdges(graph: Graph): UnitEdge[] {
  const seen = new Map<string, UnitEdge>();
  for (const mod of graph.values()) {
    const from = unitOf(mod.path);
    if (!from) continue;
    for (const edge of mod.imports) {
      const to = edge.external ? null : unitOf(edge.to);
      if (!to || to === from) continue;
      const key = `${from} -> ${to}`;
      if (!seen.has(key)) seen.set(key, { from, to, example: `${mod.path} -> ${edge.to}` });
    }
  }
  return [...seen.values()];
}

/** Strongly connected groups of more than one unit (Tarjan): each is a folder cycle. */
export function unitCycles(edges: readonly UnitEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const nodes = [...new Set(edges.flatMap((e) => [e.from, e.to]))].sort();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  let counter = 0;
  const connect = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of nodes) if (!index.has(v)) connect(v);
  return groups;
}

export interface Layering {
  readonly layers: readonly { readonly units: readonly string[] }[];
  readonly exceptions: readonly { readonly from: string; readonly to: string }[];
}

/**
 * Edges the layering does not allow: into the same layer or a higher one, or from/to a unit the table does not
 * place (a new folder must be given its layer). Listed exceptions are allowed.
 */
export function forbiddenEdges(edges: readonly UnitEdge[], { layers, exceptions }: Layering): string[] {
  const rank = new Map(layers.flatMap((l, i) => l.units.map((u) => [u, i] as const)));
  const excepted = new Set(exceptions.map((e) => `${e.from} -> ${e.to}`));
  const problems: string[] = [];
  for (const e of edges) {
    const from = rank.get(e.from);
    const to = rank.get(e.to);
    if (from === undefined || to === undefined) {
      problems.push(`${e.from} -> ${e.to}: ${from === undefined ? e.from : e.to} has no layer in the table (${e.example})`);
    } else if (to >= from && !excepted.has(`${e.from} -> ${e.to}`)) {
      problems.push(`${e.from} -> ${e.to}: ${to === from ? 'same layer' : 'upward'} (${e.example})`);
    }
  }
  return problems.sort();
}

/** Exceptions no import needs any more: remove them from the table. */
export function staleExceptions(edges: readonly UnitEdge[], { exceptions }: Layering): string[] {
  const present = new Set(edges.map((e) => `${e.from} -> ${e.to}`));
  return exceptions.map((e) => `${e.from} -> ${e.to}`).filter((k) => !present.has(k));
}

/** Every file `start` loads (itself included), following value imports only (type imports are erased). */
export function loadedFiles(graph: Graph, start: string): Set<string> {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length) {
    const path = queue.pop()!;
    if (seen.has(path)) continue;
    seen.add(path);
    for (const edge of graph.get(path)?.imports ?? []) if (!edge.external && !edge.typeOnly) queue.push(edge.to);
  }
  return seen;
}

/** Packages `files` load at run time (value imports). */
export function loadedPackages(graph: Graph, files: Iterable<string>): Set<string> {
  const packages = new Set<string>();
  for (const path of files) for (const edge of graph.get(path)?.imports ?? []) if (edge.external && !edge.typeOnly) packages.add(edge.to);
  return packages;
}

/** The verbs of each receiver, read from the `Protocols` interface of the protocol module and the interfaces it names. */
export function protocolVerbs(text: string): Map<string, string[]> {
  const source = ts.createSourceFile('protocol.ts', text, ts.ScriptTarget.Latest, true);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  for (const n of source.statements) if (ts.isInterfaceDeclaration(n)) interfaces.set(n.name.text, n);
  const names = (decl: ts.InterfaceDeclaration | undefined) =>
    (decl?.members ?? []).flatMap((m) => (m.name && (ts.isStringLiteral(m.name) || ts.isIdentifier(m.name)) ? [m.name.text] : []));
  const result = new Map<string, string[]>();
  for (const member of interfaces.get('Protocols')?.members ?? []) {
    if (!ts.isPropertySignature(member) || !member.name || !ts.isIdentifier(member.name) || !member.type) continue;
    const ref = member.type;
    if (ts.isTypeReferenceNode(ref) && ts.isIdentifier(ref.typeName)) result.set(member.name.text, names(interfaces.get(ref.typeName.text)));
  }
  return result;
}

/** Each `createRouter(SPECS, { verb: handler, … })` in a module: the specs' identifier and the handled verbs. */
export function routerHandlers(path: string, text: string): { specs: string; verbs: string[] }[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKind(path));
  const found: { specs: string; verbs: string[] }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'createRouter') {
      const [specs, handlers] = node.arguments;
      if (specs && ts.isIdentifier(specs) && handlers && ts.isObjectLiteralExpression(handlers)) {
        const verbs = handlers.properties.flatMap((p) =>
          p.name && (ts.isStringLiteral(p.name) || ts.isIdentifier(p.name)) ? [p.name.text] : [],
        );
        found.push({ specs: specs.text, verbs });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

export interface ArchitectureRules extends Layering {
  /** The only unit whose modules may use the extension API. */
  readonly platformUnit: string;
  readonly contentScript: string;
  /** Units the content script must not load. */
  readonly contentScriptForbidden: readonly string[];
}

export interface ArchitectureReport {
  /** Folder cycles left once the listed exceptions are taken out. */
  readonly cycles: string[][];
  readonly forbidden: string[];
  readonly staleExceptions: string[];
  /** Extension API used outside the platform unit: "path:line: text". */
  readonly extensionApiOutsidePlatform: string[];
  /** Files of forbidden units the content script loads. */
  readonly contentScriptLoads: string[];
}

/** Every rule on one graph. An empty report (all lists empty) is a pass. */
export function checkArchitecture(graph: Graph, rules: ArchitectureRules): ArchitectureReport {
  const edges = unitEdges(graph);
  const excepted = new Set(rules.exceptions.map((e) => `${e.from} -> ${e.to}`));
  const libEdges = edges.filter((e) => e.from.startsWith('lib/') && e.to.startsWith('lib/') && !excepted.has(`${e.from} -> ${e.to}`));
  const extensionApiOutsidePlatform = [...graph.values()]
    .filter((m) => unitOf(m.path) !== null && unitOf(m.path) !== rules.platformUnit)
    .flatMap((m) => m.extensionApi.map((use) => `${m.path}:${use}`));
  const contentScriptLoads = graph.has(rules.contentScript)
    ? [...loadedFiles(graph, rules.contentScript)].filter((p) => rules.contentScriptForbidden.includes(unitOf(p) ?? '')).sort()
    : [];
  return {
    cycles: unitCycles(libEdges),
    forbidden: forbiddenEdges(edges, rules),
    staleExceptions: staleExceptions(edges, rules),
    extensionApiOutsidePlatform,
    contentScriptLoads,
  };
}
