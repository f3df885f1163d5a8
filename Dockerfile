# Koppel gateway image. Node 22 LTS (the code also runs on Node 20).
# Build:  docker build -t koppel .
# Run:    docker run -p 8080:8080 -v koppel-data:/app/data \
#           -v $PWD/config/gateway.yaml:/app/config/gateway.yaml:ro \
#           -e KOPPEL_ADMIN_TOKEN=... -e KOPPEL_ENCRYPTION_KEY=... koppel

FROM node:22-slim AS deps
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:22-slim
ENV NODE_ENV=production KOPPEL_CONFIG=/app/config/gateway.yaml
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json gateway.ts ./
COPY sdk ./sdk
COPY cli ./cli
COPY core ./core
COPY connectors ./connectors
COPY plugins ./plugins
COPY config ./config
RUN mkdir -p /app/data && chown -R node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 8080
# `healthcheck` reads server.host and server.port from the same config as the gateway, so a
# port other than 8080 stays healthy.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
  CMD ["node", "--import", "tsx", "gateway.ts", "healthcheck"]
# One Node process as PID 1's only child of interest: SIGTERM from `docker stop` reaches the gateway.
CMD ["node", "--import", "tsx", "gateway.ts", "start"]
