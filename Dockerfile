# syntax=docker/dockerfile:1
# Paperboard's production image: the standalone server of `npm run build` on Node 24 LTS,
# run as the unprivileged `node` user. The image holds no sources, no dev dependencies and
# no tsx: start.mjs (the server) and migrate.mjs (the migrations) are plain JavaScript.
#
#   docker build -t paperboard .
#   docker run --rm -e DATABASE_URL=... paperboard node migrate.mjs     # migrate (compose: the `migrate` service)
#   docker run -p 3000:3000 -e DATABASE_URL=... -e AUTH_SECRET=... -e SITE_URL=... paperboard
#
# See docs/DEPLOY.md and compose.yaml.

ARG NODE_IMAGE=node:24-bookworm-slim

# 1. Every dependency, for the build (Next, TypeScript, esbuild).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# 2. The build: `next build`, then the standalone folder completed (scripts/postbuild.mjs).
#    It never needs a database.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build

# 3. What runs: the standalone folder alone (server.js, the traced node_modules, public/,
#    static assets, drizzle/, start.mjs, migrate.mjs).
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000
COPY --from=build --chown=node:node /app/.next/standalone ./
USER node
EXPOSE 3000
# /api/health answers 200 when the server reaches its database (503 when it does not).
HEALTHCHECK --interval=15s --timeout=5s --start-period=40s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# start.mjs binds to every interface (not $HOSTNAME, which Docker sets to the container id)
# and forwards SIGTERM to the server for a graceful stop.
CMD ["node", "start.mjs"]
