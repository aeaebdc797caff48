# mlTrainer in a container. Built in one stage (compiling TypeScript needs the dev dependencies), run from another
# with the production dependencies only, as a non-root user; the home ($MLTRAINER_HOME: the embedded database, logs,
# charts, backups) is the volume /data. Every setting comes from the environment (README, "Deployment").
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
# Behind a TLS-intercepting proxy, npm needs its CA: pass --build-arg NODE_EXTRA_CA_CERTS=<a path mounted in the build>.
ARG NODE_EXTRA_CA_CERTS
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the package's own prepare step would compile before the sources are here; it runs below.
RUN npm ci --no-audit --no-fund --no-update-notifier --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs scripts/build.mjs
COPY src src
RUN node scripts/build.mjs

FROM ${NODE_IMAGE} AS deps
ARG NODE_EXTRA_CA_CERTS
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches patches
# The scripts are skipped as above; the libraries' speed patches (patches/, as `npm install` applies them) are applied here.
RUN npm ci --omit=dev --no-audit --no-fund --no-update-notifier --ignore-scripts && npx --no-install patch-package

FROM ${NODE_IMAGE}
ENV NODE_ENV=production MLTRAINER_HOME=/data PORT=8080
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY --from=build /app/build build
COPY package.json ./
COPY bin bin
COPY drizzle drizzle
RUN groupadd --gid 10001 mltrainer \
  && useradd --uid 10001 --gid mltrainer --no-create-home --home-dir /data --shell /usr/sbin/nologin mltrainer \
  && mkdir -p /data && chown mltrainer:mltrainer /data
USER mltrainer
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 8080}/livez`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/app/bin/mltrainer.js"]
# No one is at a container's stdin: serve until stopped rather than end with the console's input.
CMD ["start", "--no-console"]
