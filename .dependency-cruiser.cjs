/**
 * Which code may import which (`pnpm lint` runs it; docs/architecture.md draws it).
 *
 * The control plane's folders are layered: a folder imports only folders of lower layers,
 * never one of its own layer or above, so data flows one way and no two folders are tied to
 * each other. A capability that needs something from above takes a narrow interface that the
 * wiring in app.ts fills (FlagService's FlagMemory, the routes' metrics), and code that two
 * capabilities share moves below both (changes/, rules/).
 */
const SRC = '^services/control-plane/src/'

/** Bottom first. A new folder has to be placed here: the `in-a-layer` rule refuses it until then. */
const LAYERS = [
  { name: 'foundation', units: ['platform/', 'errors.ts', 'config.ts'] },
  { name: 'storage and shared schemas', units: ['db/', 'schemas/'] },
  { name: 'the write path and HTTP plumbing', units: ['changes/', 'http/', 'rules/', 'webhooks/'] },
  { name: 'authentication', units: ['auth/'] },
  { name: 'environments', units: ['environments/'] },
  { name: 'segments and the audit and rollback records', units: ['segments/', 'audit/'] },
  { name: 'flags', units: ['flags/'] },
  { name: 'canaries and chaos', units: ['canaries/', 'chaos/'] },
  { name: 'what reads every capability', units: ['rollbacks/', 'stream/', 'ops/', 'imports/'] },
  { name: 'delivery', units: ['sdk-api/', 'transfer/', 'console/', 'deployments/'] },
  { name: 'browser delivery, on the SDK API', units: ['client-api/'] },
]

const pathOf = (unit) => SRC + unit.replace('.', '\\.') + (unit.endsWith('/') ? '' : '$')
const anyOf = (units) => `(${units.map(pathOf).join('|')})`
const PRODUCTION = { pathNot: ['\\.test\\.ts$', '/test-support/'] }
const placed = LAYERS.flatMap((layer) => layer.units)

/** For each unit: none of its own layer's other units, nor anything in a layer above. */
const layerRules = LAYERS.flatMap((layer, index) =>
  layer.units.map((unit) => {
    const above = LAYERS.slice(index + 1).flatMap((l) => l.units)
    const sameLayer = layer.units.filter((other) => other !== unit)
    // The composition root (app.ts, server.ts, infrastructure.ts, the CLIs) is above every layer.
    const forbidden = [...sameLayer, ...above].map(pathOf).concat(`${SRC}(?!errors\\.ts$|config\\.ts$)[^/]+\\.ts$`)
    return {
      name: `layer-${unit.replace(/(\.ts|\/)$/, '')}`,
      severity: 'error',
      comment: `${unit} is in the layer "${layer.name}": it may import only lower layers (see LAYERS in .dependency-cruiser.cjs)`,
      from: { path: pathOf(unit), ...PRODUCTION },
      to: { path: `(${forbidden.join('|')})` },
    }
  }),
)

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'in-a-layer',
      severity: 'error',
      comment: 'Every folder of the control plane belongs to a layer: add it to LAYERS in .dependency-cruiser.cjs',
      from: { path: `${SRC}[^/]+/`, pathNot: [anyOf(placed), `${SRC}test-support/`, '\\.test\\.ts$'] },
      to: { path: SRC },
    },
    {
      name: 'no-folder-cycles',
      severity: 'error',
      comment: 'Two folders of the control plane import each other: move what both need below both, or pass a narrow interface',
      scope: 'folder',
      from: { path: `${SRC}[^/]+` },
      to: { circular: true, path: `${SRC}[^/]+` },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules that import each other at run time, directly or through others (a cycle of type imports loads nothing)',
      from: PRODUCTION,
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-test-support-in-production',
      severity: 'error',
      comment: 'Test helpers (test-support/) are for tests; the service does not ship them',
      from: PRODUCTION,
      to: { path: '/test-support/' },
    },
    {
      name: 'sdks-not-to-services',
      severity: 'error',
      comment: 'The SDKs are published on their own; they know the service only through its HTTP API',
      from: { path: '^sdks/' },
      to: { path: '^services/' },
    },
    {
      name: 'core-stands-alone',
      severity: 'error',
      comment: 'sdks/core (the evaluation engine) is below every other package',
      from: { path: '^sdks/core/' },
      to: { path: '^(sdks/(?!core/)|services/|cli/|openapi/|tests/)' },
    },
    {
      name: 'clients-through-the-api',
      severity: 'error',
      comment: 'The CLI, the typed client and the console talk to the service over HTTP, never by importing it',
      from: { path: '^(cli|openapi|services/console)/' },
      to: { path: '^services/control-plane/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to no file',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Tests may import across layers (test-support is checked above); built output and benches are not source.
    exclude: { path: '(node_modules|/dist/|\\.test\\.tsx?$|\\.bench\\.ts$|^tests/)' },
    doNotFollow: { path: 'node_modules' },
    // Type-only imports tie modules as much as value imports do.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
  },
}
