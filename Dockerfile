# voie: one image for `voie api` and `voie worker`, running compiled JavaScript: no TypeScript compiler, no tsx and no
# workflow bundling at run time (the worker loads dist/workflow-bundle.js, written by `npm run build`).
# Node.js 24.22.3: a supported LTS line (maintenance LTS until April 2028), the exact version CI runs every test on
# (dev/node/install-node.sh; .nvmrc). Both stages install with `npm ci`: package-lock.json as it is, install scripts as
# package.json's allowScripts says (docs/development.md).

# Build: every dependency, the TypeScript compiler and the workflow bundler.
FROM node:24.22.3-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
# Production code only: not dev/ (the simulators, the embedded Temporal server and its installers, `voie dev`).
COPY src ./src
COPY packages/client/src ./packages/client/src
COPY workflows ./workflows
COPY activities ./activities
RUN npm run build

# The provider simulators, for docker-compose.yml's `simulators` profile only (`target: simulators`): every dependency
# (tsx runs them from source) and dev/simulators/. Never what `voie api` or `voie worker` run: that is the last stage.
FROM build AS simulators
COPY dev/simulators ./dev/simulators
RUN mkdir -p /var/lib/voie-simulators && chown node:node /var/lib/voie-simulators
USER node
EXPOSE 4010 4020
ENTRYPOINT ["node", "--import", "tsx", "dev/simulators/serve.ts"]

# Run: production dependencies and dist/ only. The last stage, so a plain `docker build .` builds it.
FROM node:24.22.3-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
# 3000: `voie api` (PORT); 9464: `voie worker`'s /metrics (VOIE_METRICS_PORT).
EXPOSE 3000 9464
# node is the container's only process and gets the supervisor's SIGTERM itself: voie drains, then exits 0.
ENTRYPOINT ["node", "dist/src/main.js"]
CMD ["api"]
