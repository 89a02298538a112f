#!/usr/bin/env bash
# Runs the OCI distribution-spec conformance suite against a running registry, every API and data
# option switched on. Usage: scripts/conformance.sh HOST:PORT RESULTS_DIR
# Exits non-zero when any test fails; junit.xml, report.html and results.yaml land in RESULTS_DIR.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
registry=${1:?usage: conformance.sh HOST:PORT RESULTS_DIR}
results=${2:?usage: conformance.sh HOST:PORT RESULTS_DIR}
binary=$("$here/install-tools.sh" conformance)
mkdir -p "$results"
cd "$results"
export OCI_REGISTRY=$registry OCI_TLS=disabled OCI_VERSION=1.1 OCI_RESULTS_DIR=$results OCI_LOG=${OCI_LOG:-warn}
export OCI_REPO1=${OCI_REPO1:-conformance/repo1} OCI_REPO2=${OCI_REPO2:-conformance/repo2}
export OCI_API_PULL=true OCI_API_PUSH=true
export OCI_API_BLOBS_ATOMIC=true OCI_API_BLOBS_DELETE=true OCI_API_BLOBS_DIGEST_HEADER=true
export OCI_API_BLOBS_MOUNT_ANONYMOUS=true OCI_API_BLOBS_UPLOAD_CANCEL=true
export OCI_API_MANIFESTS_ATOMIC=true OCI_API_MANIFESTS_DELETE=true OCI_API_MANIFESTS_DIGEST_HEADER=true
export OCI_API_MANIFESTS_TAG_PARAM=true
export OCI_API_TAGS_ATOMIC=true OCI_API_TAGS_DELETE=true OCI_API_TAGS_LIST=true OCI_API_REFERRER=true
export OCI_DATA_IMAGE=true OCI_DATA_INDEX=true OCI_DATA_INDEX_LIST=true OCI_DATA_SPARSE=true OCI_DATA_ARTIFACT=true
export OCI_DATA_SUBJECT=true OCI_DATA_SUBJECT_MISSING=true OCI_DATA_ARTIFACT_LIST=true OCI_DATA_SUBJECT_LIST=true
export OCI_DATA_DATA_FIELD=true OCI_DATA_NONDISTRIBUTABLE=true OCI_DATA_CUSTOM_FIELDS=true OCI_DATA_NO_LAYERS=true
export OCI_DATA_EMPTY_BLOB=true OCI_DATA_SHA512=true
exec "$binary"
