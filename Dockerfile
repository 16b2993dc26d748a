# One image for every Floorgraph service; docker-compose.yml picks the entry point per service.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    NPM_CONFIG_UPDATE_NOTIFIER=false
COPY package.json package-lock.json .npmrc ./
COPY packages ./packages
COPY apps ./apps
COPY prisma ./prisma
COPY subgraphs ./subgraphs
COPY gateway ./gateway
COPY schema ./schema
COPY wcs-bridge ./wcs-bridge
COPY web ./web
COPY scripts ./scripts
COPY turbo.json tsconfig.base.json vitest.shared.ts ./
# Node 20's bundled npm 10 predates package.json's allowScripts policy: use the npm the project names.
RUN npm install -g npm@11.19.1 && npm ci --include=dev && node prisma/scripts/generate.mjs && npm run build -w @floorgraph/web && chown -R node:node /app
USER node
CMD ["node", "scripts/run.mjs", "start"]
