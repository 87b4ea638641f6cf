# Build with the Swift image, run on a slim Debian with libpq.
FROM swift:6.3-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
RUN mkdir -p Sources Tests
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product permit --static-swift-stdlib \
    && cp "$(swift build -c release --show-bin-path)/permit" /usr/local/bin/permit

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /usr/local/bin/permit /usr/local/bin/permit
COPY migrations /app/migrations
COPY seeds /app/seeds
WORKDIR /app
ENV PERMIT_MIGRATIONS_DIR=/app/migrations \
    PERMIT_SEEDS_DIR=/app/seeds
USER nobody
ENTRYPOINT ["permit"]
CMD ["--help"]
