// Deliberately broken files in the corpus: each must become a finding (core/parse-error or a
// rule's), never a crash, in the audit and in the parse-only pass alike.
export const BROKEN_FILES = [
  { path: 'broken/unclosed.yaml', content: 'services:\n  web: [unclosed\n  db: {\n' },
  { path: 'broken/duplicate-keys.yml', content: 'name: a\nname: b\n' },
  { path: 'broken/tabs.yaml', content: 'root:\n\tchild: 1\n' },
  { path: 'broken/trailing-comma.json', content: '{ "a": 1, }\n' },
  { path: 'broken/main.tf', content: 'resource "aws_s3_bucket" "logs" {\n  bucket = \n' },
  { path: 'broken/deploy.sh', content: '#!/usr/bin/env bash\nif [ -n "$1" ]; then\n  echo "$(date"\n' },
  { path: 'broken/Dockerfile', content: 'FROM\nRUN apt-get install curl\nUSER\n' },
  { path: 'broken/latin1.md', content: Buffer.from('# Caf\xe9 runbook\n', 'latin1') },
  { path: 'broken/blob.bin', content: Buffer.from([0, 1, 2, 3, 0, 255]) },
  { path: '.github/workflows/broken.yml', content: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.issue.title }}"\n      - uses: actions/checkout\n' },
];
