#!/usr/bin/env bash
# Offline checks of the deployment files (.ci/run): docker-compose.yml parses and resolves, and the
# Kubernetes base, rendered by kustomize (kubectl's built-in), passes kubernetes-validate's strict
# schema check (PyPI; it bundles the Kubernetes JSON schemas, so no cluster and no network at check time).
# Idempotent: installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v docker-compose >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null
fi
docker-compose -f docker-compose.yml config -q
echo "docker-compose.yml is valid"

if ! command -v kubectl >/dev/null 2>&1 && ! command -v kustomize >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubernetes-client >/dev/null
fi
if ! command -v kubernetes-validate >/dev/null 2>&1; then
  python3 -m pip install -q --disable-pip-version-check kubernetes-validate==1.37.0
fi
rendered="$(mktemp --suffix=.yaml)"
trap 'rm -f "$rendered"' EXIT
if command -v kustomize >/dev/null 2>&1; then kustomize build deploy/k8s/base >"$rendered"; else kubectl kustomize deploy/k8s/base >"$rendered"; fi
kubernetes-validate --strict --quiet "$rendered"
echo "deploy/k8s/base is valid ($(grep -c '^kind:' "$rendered") resources)"
