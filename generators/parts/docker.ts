// Container files: the multi-stage Dockerfile for the runtime, a compose file for local development
// (the app plus the chosen observability stack), and the .dockerignore the build context reads.
// The per-runtime facts (pinned images, entrypoint, healthcheck) live here; the template holds the
// structure every Dockerfile shares (labels, non-root user, HEALTHCHECK, exec-form ENTRYPOINT).
import type { PlanPart } from '../../src/generate/plan.js';
import type { StackAnswers } from '../../src/generate/answers.js';

export interface ContainerRuntime {
  /** Build stage image, pinned to an exact version. */
  buildImage: string;
  /** Final stage image: slim, JRE or distroless, pinned. */
  runtimeImage: string;
  /** Numeric uid:gid the final stage runs as (distroless ships 65532 as `nonroot`). */
  user: string;
  /** Exec-form command the HEALTHCHECK runs: the runtime images have no curl, so the app probes itself. */
  healthcheck: string[];
  /** Exec-form ENTRYPOINT, so SIGTERM reaches the app (PID 1) rather than a shell. */
  entrypoint: string[];
}

export const CONTAINER_RUNTIMES: Record<StackAnswers['runtime'], ContainerRuntime> = {
  node: {
    buildImage: 'node:22.12.0-bookworm-slim',
    runtimeImage: 'node:22.12.0-bookworm-slim',
    user: '10001:10001',
    healthcheck: ['node', 'src/index.js', 'healthcheck'],
    entrypoint: ['node', 'src/index.js'],
  },
  python: {
    buildImage: 'python:3.12.8-slim-bookworm',
    runtimeImage: 'python:3.12.8-slim-bookworm',
    user: '10001:10001',
    healthcheck: ['python', '-m', 'app', 'healthcheck'],
    entrypoint: ['python', '-m', 'app'],
  },
  go: {
    buildImage: 'golang:1.23.4-bookworm',
    runtimeImage: 'gcr.io/distroless/static-debian12:nonroot',
    user: '65532:65532',
    healthcheck: ['/app/server', 'healthcheck'],
    entrypoint: ['/app/server'],
  },
  java: {
    buildImage: 'maven:3.9.9-eclipse-temurin-21',
    runtimeImage: 'eclipse-temurin:21.0.5_11-jre',
    user: '10001:10001',
    healthcheck: ['java', '-jar', '/app/app.jar', 'healthcheck'],
    entrypoint: ['java', '-XX:MaxRAMPercentage=75', '-jar', '/app/app.jar'],
  },
  existing: {
    buildImage: 'debian:12.8-slim',
    runtimeImage: 'debian:12.8-slim',
    user: '10001:10001',
    // No app binary to ask: bash's /dev/tcp speaks just enough HTTP to read the status line.
    healthcheck: ['/bin/bash', '-c', "exec 3<>/dev/tcp/127.0.0.1/${PORT} && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '^HTTP/1\\.[01] 200 ' <&3"],
    entrypoint: ['/app/start'],
  },
};

const docker: PlanPart = (d) => {
  const container = CONTAINER_RUNTIMES[d.runtime];
  const healthcheck = container.healthcheck.map((arg) => arg.replace('${PORT}', String(d.port)));
  const data = { container, healthcheck, composeHealthcheck: ['CMD', ...healthcheck] };
  return [
    { path: 'infrastructure/docker/Dockerfile', template: 'infrastructure/docker/Dockerfile.hbs', data },
    { path: 'infrastructure/docker/docker-compose.yml', template: 'infrastructure/docker/docker-compose.yml.hbs', data },
    { path: '.dockerignore', template: 'infrastructure/docker/dockerignore.hbs' },
  ];
};

export default docker;
