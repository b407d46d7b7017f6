import { defineRule } from '../../src/audit/load-rules.js';
import { finalStage, programOf, rootRef, runCommands, spanOf, stages } from '../../src/rules-kit/docker.js';

// Images that carry a compiler or SDK: shipping them means shipping the toolchain.
const SDK_IMAGES = /^(golang|rust|maven|gradle|openjdk|eclipse-temurin|amazoncorretto|sbt|haskell|swift|gcc|buildpack-deps|mcr\.microsoft\.com\/dotnet\/sdk|dotnet\/sdk|elixir|clojure)$/;

function isBuildCommand(name: string, args: string[]): boolean {
  const a0 = args[0] ?? '';
  if (name === 'go' && (a0 === 'build' || a0 === 'install')) return true;
  if (name === 'cargo' && (a0 === 'build' || a0 === 'install')) return true;
  if ((name === 'mvn' || name === 'mvnw' || name === 'gradle' || name === 'gradlew') && args.some((x) => /^(package|install|build|assemble|bootJar|jar|shadowJar|verify)$/.test(x))) return true;
  if (name === 'dotnet' && (a0 === 'publish' || a0 === 'build')) return true;
  if ((name === 'npm' || name === 'pnpm' || name === 'yarn') && ((a0 === 'run' && /^build/.test(args[1] ?? '')) || a0 === 'build')) return true;
  if (name === 'tsc' || name === 'gcc' || name === 'g++' || name === 'javac' || name === 'make' || name === 'cmake') return true;
  return false;
}

export default defineRule({
  meta: {
    id: 'docker/multi-stage',
    title: 'Compiled apps are built in a separate stage',
    description:
      'A single-stage image that compiles the app ships the compiler, the sources, the dev dependencies and the build cache: larger pulls, more CVEs, more tools for an attacker. A build stage plus a small runtime stage ships only the output.',
    remediation: 'Build in `FROM <sdk> AS build`, then start the final stage from a slim or distroless runtime and `COPY --from=build` only the artifacts.',
    checklistItem: 'containers.multi-stage',
    severity: 'medium',
    artifacts: ['dockerfile'],
    examples: {
      fail: [
        { path: 'Dockerfile', code: 'FROM golang:1.22.4\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n' },
        { path: 'Dockerfile', code: 'FROM node:20.11.1-slim\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", "dist/server.js"]\n' },
      ],
      pass: [
        { path: 'Dockerfile', code: 'FROM golang:1.22.4 AS build\nRUN go build -o /out/app .\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\n' },
        { path: 'Dockerfile', code: 'FROM python:3.12.4-slim\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n', note: 'an interpreted app with no build step is not flagged' },
      ],
    },
  },
  check(ctx) {
    const all = stages(ctx.artifact);
    const fin = finalStage(ctx.artifact);
    if (!fin) return;
    if (all.length > 1) {
      const copies = fin.instructions.some((i) => i.getKeyword() === 'COPY' && /--from=/.test(i.getTextContent()));
      if (copies || fin.parent) ctx.evidence(`multi-stage build (${all.length} stages)`, { at: spanOf(ctx.artifact, fin.from.getRange()) });
      return;
    }
    const ref = rootRef(fin);
    const sdk = ref && (SDK_IMAGES.test(ref.repository) || (ref.registry && SDK_IMAGES.test(`${ref.registry}/${ref.repository}`)));
    const build = runCommands(ctx.artifact, fin).find((c) => {
      const p = programOf(c);
      return isBuildCommand(p.name, p.args);
    });
    if (build) {
      ctx.report({ message: `single-stage image compiles the app (${build.args.slice(0, 3).join(' ')}): build in a separate stage and copy only the output into a runtime stage`, at: build.word(0) });
    } else if (sdk) {
      ctx.report({ message: `single-stage image ships the ${ref!.repository} toolchain: build in a separate stage and run from a slim or distroless runtime`, at: spanOf(ctx.artifact, fin.from.getImageRange() ?? fin.from.getRange()) });
    }
  },
});
