# One image for the API, the worker and the admin SPA (see docker-compose.yml). The first stage
# compiles (npm run build: the API, CLI and migrations to JavaScript, the SPA); the image runs that
# output with production dependencies only, as the unprivileged `node` user.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# No dependency needs its install script to build (the same as package.json's allowScripts, bar the
# embedded Postgres, which only development uses).
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=8000
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# Optional dependencies are the embedded Postgres' binaries and other platforms' builds: not needed here.
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 8000
# Migrations first; then node itself (what `npm run start:api` runs) as the main process, so it receives
# the container's signals.
CMD ["sh", "-c", "node dist/apps/api/apps/api/src/database/migration-run.js && exec node --enable-source-maps dist/apps/api/apps/api/src/main.js"]
