/**
 * The dependency rule of DESIGN.md, checked in CI:
 * - kernel imports nothing of ours;
 * - a domain (catalog, orders, planning, execution, quality, service, plant) imports only kernel and itself;
 * - workflows import domains only through their public index.ts;
 * - adapters never import server/ or cli/; only server/ and cli/ choose adapters;
 * - web/ never imports src/.
 */
const DOMAINS = "(catalog|orders|planning|execution|quality|service|plant)";
module.exports = {
  forbidden: [
    { name: "kernel-is-a-leaf", severity: "error", from: { path: "^src/kernel/" }, to: { path: "^src/(?!kernel/)" } },
    {
      name: "domain-imports-only-kernel",
      severity: "error",
      from: { path: `^src/${DOMAINS}/` },
      to: { path: "^src/", pathNot: ["^src/kernel/", "^src/$1/"] },
    },
    {
      name: "workflows-use-domain-index-only",
      severity: "error",
      from: { path: "^src/workflows/" },
      to: { path: `^src/${DOMAINS}/(?!index\\.ts$)` },
    },
    {
      name: "workflows-choose-no-adapter",
      severity: "error",
      from: { path: "^src/workflows/" },
      to: { path: "^src/(adapters|server|cli)/" },
    },
    { name: "adapters-not-edges", severity: "error", from: { path: "^src/adapters/" }, to: { path: "^src/(server|cli)/" } },
    { name: "domains-no-adapters", severity: "error", from: { path: `^src/${DOMAINS}/` }, to: { path: "^src/(adapters|server|cli|workflows)/" } },
    { name: "web-not-src", severity: "error", from: { path: "^web/" }, to: { path: "^src/" } },
    { name: "no-circular", severity: "error", from: {}, to: { circular: true } },
    { name: "not-to-unresolvable", severity: "error", from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(node_modules|web/dist|\\.test\\.tsx?$)" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    // Resolve packages that publish only an "exports" map (typebox, aedes, kysely/migration).
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
  },
};
