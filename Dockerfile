# Attaché gateway image: multi-stage, static Swift standard library, non-root.
# Build:  docker build -t attache .
# Run:    docker run --env-file attache.env -p 8080:8080 attache
# (Images cannot be built on the project's own build machines; CI does not run this file.)

FROM swift:6.3-bookworm AS build
WORKDIR /src
# Dependencies first, so a source change does not refetch them.
COPY Package.swift ./
RUN swift package resolve
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product attache --static-swift-stdlib \
    && mkdir -p /staging \
    && cp "$(swift build -c release --show-bin-path)/attache" /staging/ \
    # The guest page, the agent widget, the agent console and the OpenAPI document are SwiftPM
    # resources; Bundle.module finds their bundles next to the executable.
    && cp -R "$(swift build -c release --show-bin-path)"/*.resources /staging/

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/attache --create-home attache
COPY --from=build /staging/ /opt/attache/
USER attache
WORKDIR /var/lib/attache
ENV ATTACHE_HOST=0.0.0.0 ATTACHE_PORT=8080 ATTACHE_LOG_FORMAT=json
EXPOSE 8080
# Health: the orchestrator or load balancer probes GET /livez (the process answers) and
# GET /readyz (database, object store, queue and clamd reachable) over HTTP on port 8080.
ENTRYPOINT ["/opt/attache/attache", "serve"]
