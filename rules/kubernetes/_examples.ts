// Shared snippets for the Kubernetes rule examples (files starting with _ are not rules).
export const deployment = (podSpec: string, extra = '') =>
  `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  replicas: 2${extra}
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
${podSpec
  .split('\n')
  .filter((l) => l !== '')
  .map((l) => '      ' + l)
  .join('\n')}
`;

/** A container that passes every container rule. */
export const goodContainer = `containers:
  - name: app
    image: ghcr.io/acme/api:1.4.2
    resources:
      requests: {cpu: 100m, memory: 128Mi}
      limits: {cpu: 500m, memory: 256Mi}
    livenessProbe: {httpGet: {path: /healthz, port: 8080}}
    readinessProbe: {httpGet: {path: /readyz, port: 8080}}
    securityContext:
      runAsNonRoot: true
      runAsUser: 10001
      allowPrivilegeEscalation: false
      readOnlyRootFilesystem: true
      capabilities: {drop: [ALL]}`;
