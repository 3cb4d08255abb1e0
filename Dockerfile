# Lakeform itself, for `lakeform serve` in docker-compose.yml and Kubernetes (deploy/kubernetes).
#   docker build -t lakeform:0.1.0 .
#   docker run --rm -p 127.0.0.1:9464:9464 -e LAKEFORM_TRINO_URL=http://trino:8080 lakeform:0.1.0
# The image carries the example project in /project; run your own by mounting it there
# (`-v $PWD:/project`) or by building `FROM lakeform:0.1.0` with `COPY --chown=node:node . /project`.
# /project/.lakeform must be writable: it holds the table locks and the compile cache.

ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY infra ./infra
COPY templates ./templates
COPY examples ./examples
COPY types ./types
# The example project (the repository root is also the example project).
COPY --chown=node:node dataform.json /project/
COPY --chown=node:node definitions /project/definitions
COPY --chown=node:node includes /project/includes
COPY --chown=node:node sources /project/sources
COPY --chown=node:node streams /project/streams
COPY --chown=node:node seeds /project/seeds
RUN mkdir -p /project/.lakeform && chown node:node /project/.lakeform && ln -s /app/dist/cli/main.js /usr/local/bin/lakeform
# The node image's unprivileged user (uid 1000); the Kubernetes manifests run as the same uid.
USER 1000:1000
EXPOSE 9464
HEALTHCHECK --interval=30s --timeout=5s CMD ["node", "-e", "fetch('http://127.0.0.1:9464/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/app/dist/cli/main.js"]
CMD ["serve", "/project", "--listen", "0.0.0.0:9464"]
