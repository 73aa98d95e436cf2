//go:build tools

// Package helm pins the Helm CLI the tests render charts with (test/cli/helm.test.ts):
// scripts/helm/build-helm.sh runs `go build helm.sh/helm/v3/cmd/helm` in this module, so go.mod and
// go.sum are the lock of Helm and everything it builds from.
package helm

import _ "helm.sh/helm/v3/cmd/helm"
