// audit.mjs runs the graphql-http package's server audits against URL and
// prints one JSON line per audit: {"id", "name", "status", "reason"}, status
// being ok, warn (a SHOULD failed), notice (a MAY failed) or error (a MUST
// failed). GRAPHQL_TOKEN, when set, goes with every request as a bearer token.
import { serverAudits } from "graphql-http";

const url = process.argv[2];
if (!url) {
  console.error("usage: node audit.mjs URL");
  process.exit(2);
}
const token = process.env.GRAPHQL_TOKEN;
const fetchFn = token
  ? (input, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set("authorization", `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    }
  : fetch;

for (const audit of serverAudits({ url, fetchFn })) {
  let r;
  try {
    r = await audit.fn();
  } catch (err) {
    r = { id: audit.id, name: audit.name, status: "error", reason: `fatal: ${err?.message ?? err}` };
  }
  console.log(JSON.stringify({ id: r.id, name: r.name, status: r.status, reason: r.reason ?? "" }));
}
