#!/usr/bin/env bash
# graphiql-assets.sh rebuilds internal/graphiql/assets from the npm packages
# pinned in internal/graphiql/npm/package-lock.json: GraphiQL's browser build
# and stylesheet, React and ReactDOM's production builds, and their licences.
# The assets are committed, so building or running Kinerja needs no npm; run
# this only to change the pinned versions (edit package.json, then run it).
set -euo pipefail

cd "$(dirname "$0")/../internal/graphiql"
npm --prefix npm ci --no-audit --no-fund --ignore-scripts >/dev/null
m=npm/node_modules
# The browser build ends with a source map comment; the map is not shipped.
sed '/^\/\/# sourceMappingURL=/d' "$m/graphiql/dist/index.umd.js" >assets/graphiql.min.js
cp "$m/graphiql/dist/style.css" assets/graphiql.min.css
cp "$m/react/umd/react.production.min.js" assets/react.production.min.js
cp "$m/react-dom/umd/react-dom.production.min.js" assets/react-dom.production.min.js
{
	for p in graphiql react react-dom; do
		v=$(node -p "require('./$m/$p/package.json').version")
		printf '%s %s\n\n' "$p" "$v"
		cat "$m/$p/LICENSE"
		printf '\n\n'
	done
} >assets/LICENSES.txt
rm -rf npm/node_modules
echo "graphiql-assets: assets rebuilt from $(node -p "require('./npm/package.json').dependencies.graphiql") (graphiql)"
