// Runs graphql-http's GraphQL-over-HTTP server audit against a URL and prints the results as
// JSON: node graphql_http_audit.cjs <node-tools-dir> <url>
const path = require("path");
const [toolsDir, url] = process.argv.slice(2);
const { auditServer } = require(path.join(toolsDir, "node_modules", "graphql-http"));

auditServer({ url }).then((results) => {
  const out = results.map((r) => ({
    id: r.id,
    name: r.name,
    status: r.status,
    reason: r.status === "ok" ? undefined : r.reason,
  }));
  process.stdout.write(JSON.stringify(out));
});
