# syntax=docker/dockerfile:1
# stopbot — multi-stage image: compile TypeScript, then run dist/ on a slim Node 20 as `node`.

# ---- build: all dependencies, compile src/ to dist/ (and copy the Redis Lua scripts) ----
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# ---- runtime: production dependencies and the compiled code only ----
FROM node:20-slim
WORKDIR /app
# A bounded heap keeps peak RSS near the live set (see BENCHMARKS.md: 5,000 servers in ~120 MB).
ENV NODE_ENV=production \
    PORT=3000 \
    NODE_OPTIONS="--max-old-space-size=256 --max-semi-space-size=4"
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
# GET /healthz answers 200 once the bot is serving (Socket Mode too). The slim image has
# no curl, so Node's own fetch does the probe; PORT is read inside Node (exec form has no shell).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# On SIGTERM the bot stops taking work, finishes what is in hand and exits (forced after 25 s);
# give it that long: `docker stop -t 30`, or stop_grace_period in compose.
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
