# One image for the API, the worker and the admin SPA (see docker-compose.yml).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx vite build -c apps/admin/vite.config.ts
ENV NODE_ENV=production PORT=8000
EXPOSE 8000
CMD ["sh", "-c", "npm run migration:run && npm run start:api"]
