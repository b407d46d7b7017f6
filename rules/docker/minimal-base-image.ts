import { defineRule } from '../../src/audit/load-rules.js';
import { finalStage, rootIsScratch, rootRef, spanOf } from '../../src/rules-kit/docker.js';

// Official images with a full Debian/Ubuntu userland by default, and a slim/alpine/distroless alternative.
const FULL = /^(node|python|ruby|php|perl|openjdk|eclipse-temurin|amazoncorretto|golang|rust|debian|ubuntu|buildpack-deps|maven|gradle|elixir|erlang|centos|fedora|rockylinux|almalinux|oraclelinux|amazonlinux)$/;
const SMALL_TAG = /(^|[-_.])(slim|alpine|distroless|minimal|micro|busybox|chiseled|nanoserver|jre|runtime|scratch|static)([-_.\d]|$)/i;
const SMALL_IMAGE = /^(gcr\.io\/distroless\/|cgr\.dev\/chainguard\/|registry\.access\.redhat\.com\/ubi\d*\/ubi-(minimal|micro)|redhat\/ubi\d*-(minimal|micro)|mcr\.microsoft\.com\/dotnet\/(runtime|aspnet|runtime-deps)|alpine$|busybox$|scratch$|chainguard\/)/;

export default defineRule({
  meta: {
    id: 'docker/minimal-base-image',
    title: 'Final image starts from a minimal base',
    description:
      'Full distribution images (`node:20`, `python:3.12`, `ubuntu`) carry compilers, shells and hundreds of packages the app never runs: a larger attack surface, more CVEs to triage, slower pulls. Slim, alpine, distroless or chiseled variants exist for each.',
    remediation: 'Start the final stage from a slim, alpine or distroless image (`node:20.11.1-bookworm-slim`, `python:3.12.4-slim`, `gcr.io/distroless/static-debian12:nonroot`).',
    checklistItem: 'containers.minimal-image',
    severity: 'medium',
    artifacts: ['dockerfile'],
    examples: {
      fail: [
        { path: 'Dockerfile', code: 'FROM node:20.11.1\nCMD ["node", "server.js"]\n' },
        { path: 'Dockerfile', code: 'FROM golang:1.22.4 AS build\nFROM ubuntu:24.04\nCOPY --from=build /out/app /app\n' },
      ],
      pass: [
        { path: 'Dockerfile', code: 'FROM golang:1.22.4 AS build\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\n', note: 'only the final stage counts' },
        { path: 'Dockerfile', code: 'FROM python:3.12.4-slim-bookworm\n' },
        { path: 'Dockerfile', code: 'FROM node:20.11.1-alpine3.20 AS base\nFROM base\n' },
        { path: 'Dockerfile', code: 'FROM scratch\nCOPY app /app\n' },
      ],
    },
  },
  check(ctx) {
    const st = finalStage(ctx.artifact);
    if (!st) return;
    const at = spanOf(ctx.artifact, st.from.getRange());
    if (rootIsScratch(st)) {
      ctx.evidence('final stage starts FROM scratch', { at });
      return;
    }
    const ref = rootRef(st);
    if (!ref) return;
    const full = ref.registry ? `${ref.registry}/${ref.repository}` : ref.repository;
    if (SMALL_IMAGE.test(full) || SMALL_TAG.test(ref.tag ?? '') || /(^|[-/])(slim|alpine|distroless|minimal)/.test(ref.repository)) {
      ctx.evidence(`final image based on ${full}${ref.tag ? ':' + ref.tag : ''}`, { at });
      return;
    }
    if (!ref.registry && FULL.test(ref.repository)) {
      ctx.report({ message: `final stage runs on the full ${ref.repository}${ref.tag ? ':' + ref.tag : ''} image: use its slim/alpine variant or a distroless runtime`, at: spanOf(ctx.artifact, st.from.getImageRange() ?? st.from.getRange()) });
    }
  },
});
