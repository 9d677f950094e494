# citebot: `npm start` in a container. Multi-stage: the native modules (better-sqlite3, hnswlib-node) are compiled in
# a stage with a toolchain; the image that runs has only Node, the production node_modules and the sources (tsx runs
# the TypeScript as `npm start` does everywhere else).
#
#   docker build -t citebot .
#   docker run --env-file .env -v citebot-data:/app/data -v citebot-index:/app/index -v "$PWD/corpus:/app/corpus:ro" -p 3000:3000 citebot
#
# Not run on the machines citebot is developed on (no Docker daemon there); the same `npm ci --omit=dev` and `npm start`
# with these settings are what the tests run.

ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
# better-sqlite3 and hnswlib-node build from source when no prebuilt binary can be downloaded.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    CORPUS_DIR=/app/corpus \
    INDEX_DIR=/app/index \
    DATA_DIR=/app/data \
    PORT=3000
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node package.json package-lock.json .npmrc tsconfig.json ./
COPY --chown=node:node src ./src
COPY --chown=node:node scripts ./scripts
# The index and the SQLite store live in volumes; the corpus is mounted (read-only is enough).
RUN mkdir -p /app/corpus /app/index /app/data && chown node:node /app/corpus /app/index /app/data
USER node
EXPOSE 3000
# /healthz answers 200 once the index is loaded, the platforms are connected and the store is reachable; 503 otherwise.
# The slim image has no curl: Node's own fetch does the check.
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# exec form and `exec` inside the npm script: SIGTERM reaches citebot, which drains answers in progress before it exits.
CMD ["npm", "start", "--silent"]
