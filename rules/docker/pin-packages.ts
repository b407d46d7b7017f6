import { defineRule } from '../../src/audit/load-rules.js';
import { packageInstalls } from '../../src/rules-kit/docker.js';

export default defineRule({
  meta: {
    id: 'docker/pin-packages',
    title: 'Packages installed in RUN are pinned',
    description:
      'An unpinned `apt-get install curl`, `apk add curl`, `pip install flask`, `npm install -g pm2` or `gem install rails` installs whatever is newest at build time: two builds of the same commit differ, and an upstream release can break or compromise the image.',
    remediation: 'Pin each package: `curl=7.88.1-10+deb12u5`, `curl=8.5.0-r0`, `flask==3.0.3`, `pm2@5.3.1`, `rails -v 7.1.3`; or install from a lock file (`pip install -r requirements.txt`, `npm ci`).',
    checklistItem: 'containers.pinned-base-images',
    severity: 'low',
    artifacts: ['dockerfile'],
    equivalents: ['hadolint:DL3008', 'hadolint:DL3018', 'hadolint:DL3013', 'hadolint:DL3016', 'hadolint:DL3028'],
    examples: {
      fail: [
        { path: 'Dockerfile', code: 'FROM debian:12.5-slim\nRUN apt-get install -y --no-install-recommends curl\n' },
        { path: 'Dockerfile', code: 'FROM alpine:3.20\nRUN apk add --no-cache curl\n' },
        { path: 'Dockerfile', code: 'FROM python:3.12.4-slim\nRUN python -m pip install --no-cache-dir flask\n' },
        { path: 'Dockerfile', code: 'FROM node:20.11.1-slim\nRUN npm install -g pm2\n' },
        { path: 'Dockerfile', code: 'FROM node:20.11.1-slim\nRUN <<EOF\nset -eux\nnpm install --global typescript\nEOF\n', note: 'heredoc RUN' },
      ],
      pass: [
        { path: 'Dockerfile', code: 'FROM debian:12.5-slim\nRUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 ./local.deb\n' },
        { path: 'Dockerfile', code: 'FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps gcc=13.2.1_git20240309-r0\n' },
        { path: 'Dockerfile', code: 'FROM python:3.12.4-slim\nRUN pip install --no-cache-dir -r requirements.txt && pip install --no-cache-dir gunicorn==22.0.0 .\n' },
        { path: 'Dockerfile', code: 'FROM node:20.11.1-slim\nRUN npm ci --omit=dev && npm install -g pm2@5.3.1\n' },
        { path: 'Dockerfile', code: 'FROM ruby:3.3.1-slim\nRUN gem install bundler -v 2.5.9\n' },
      ],
    },
  },
  check(ctx) {
    for (const inst of packageInstalls(ctx.artifact)) {
      for (const pkg of inst.packages) {
        if (!pkg.pinned) ctx.report({ message: `${inst.manager} installs ${pkg.name} without a version: pin it (${inst.example.replace('NAME', pkg.name)})`, at: pkg.at });
      }
    }
  },
});
