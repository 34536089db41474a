# voie: one image for `voie api` and `voie worker`.
FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
USER node
# One process receives the supervisor's SIGTERM: the tsx CLI relays it, twice when voie is busy, killing the drain.
ENTRYPOINT ["node", "--import", "tsx", "src/main.ts"]
CMD ["api"]
