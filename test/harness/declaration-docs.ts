/**
 * What a user's editor shows for the shipped declarations: compiles a consumer file against an installed package with
 * the TypeScript compiler API and lists, for the public methods of StrictRedis, StrictRedisCluster and their
 * pipelines, those without TSDoc and those whose parameter names do not read well (`_name`, `a`, `args_0`).
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as TS from 'typescript';

const ts = createRequire(import.meta.url)('typescript') as typeof TS;

/** The types whose methods are checked, as expressions of the probe file. */
const PROBES = {
  StrictRedis: 'r',
  StrictRedisCluster: 'rc',
  Pipeline: 'r.pipeline()',
  ClusterPipeline: 'rc.pipeline()',
} as const;

/** A parameter name that leaks an implementation detail or says nothing. */
function unreadable(name: string): boolean {
  return name.startsWith('_') || /^[a-z]$/.test(name) || /^(args|arg)_\d+$/.test(name);
}

export interface DeclarationReport {
  /** Methods checked, per probed type. */
  counts: Record<string, number>;
  undocumented: string[];
  unreadableParameters: string[];
}

export function checkDeclarations(consumerDir: string): DeclarationReport {
  const probe = join(consumerDir, 'declaration-probe.ts');
  const source = [
    "import { StrictRedis, StrictRedisCluster } from 'strict-redis';",
    'declare const r: StrictRedis;',
    'declare const rc: StrictRedisCluster;',
    ...Object.entries(PROBES).map(([name, expr]) => `export const probe_${name} = ${expr};`),
  ].join('\n');
  const host = ts.createCompilerHost({});
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => (file === probe ? source : readFile(file));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => file === probe || fileExists(file);
  const program = ts.createProgram(
    [probe],
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      types: ['node'],
      noEmit: true,
    },
    host,
  );
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(probe);
  if (file === undefined) throw new Error('probe file missing');
  const report: DeclarationReport = { counts: {}, undocumented: [], unreadableParameters: [] };
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const declaration = statement.declarationList.declarations[0];
    const name = declaration.name.getText(file);
    if (!name.startsWith('probe_')) continue;
    const type = checker.getTypeAtLocation(declaration.name);
    let count = 0;
    for (const property of checker.getPropertiesOfType(type)) {
      const member = property.getName();
      if (member.startsWith('__@') || member.startsWith('#')) continue;
      const propertyType = checker.getTypeOfSymbolAtLocation(property, declaration);
      const signatures = propertyType.getCallSignatures();
      if (signatures.length === 0) continue;
      // Internal members (`@internal`) and EventEmitter's own methods are not this package's API.
      const declarations = property.getDeclarations() ?? [];
      if (declarations.some((d) => d.getSourceFile().fileName.includes('/@types/node/'))) continue;
      if (ts.getJSDocTags(declarations[0] ?? declaration).some((t) => t.tagName.text === 'internal')) continue;
      count++;
      const docs = ts.displayPartsToString(property.getDocumentationComment(checker)).trim();
      const signatureDocs = signatures.map((s) => ts.displayPartsToString(s.getDocumentationComment(checker)).trim());
      if (docs === '' && signatureDocs.every((d) => d === '')) report.undocumented.push(`${name.slice(6)}.${member}`);
      for (const signature of signatures) {
        for (const parameter of signature.getParameters()) {
          if (unreadable(parameter.getName()))
            report.unreadableParameters.push(`${name.slice(6)}.${member}(${parameter.getName()})`);
        }
      }
    }
    report.counts[name.slice(6)] = count;
  }
  return report;
}
