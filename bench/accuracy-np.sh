#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Precision and recall of the built-in rules on Nosey Parker's labelled rule
# examples (a JSONL file: {id, name, kind: positive|negative, text}).
#
#   bench/accuracy-np.sh /path/to/np-examples.jsonl [build-dir]
#
# Not part of the test suite: the file is not in this repository. See
# docs/accuracy.md for how the three figures it prints are defined.
set -euo pipefail
file=${1:?usage: bench/accuracy-np.sh NP_EXAMPLES.jsonl [BUILD_DIR]}
build=${2:-build}
tool="$build/tests/accuracy/nhi_accuracy"
[[ -x $tool ]] || { echo "build $tool first: cmake --build $build --target nhi_accuracy" >&2; exit 2; }

# Rules whose "positives" are not secrets: public identifiers (ARNs, bucket and
# shop domains, OAuth client ids, account ids, user names, age recipients,
# Mapbox public tokens) and password hashes. Figure 3 leaves them out.
skip=np.arn.1,np.aws.3,np.s3.1,np.s3.2,np.gcs.1,np.gcs.2,np.shopify.1,np.google.1,np.github.5
skip+=,np.twitter.1,np.linkedin.1,np.age.1,np.reactapp.1,np.mapbox.1,pwhash,krb5

exec "$tool" --np "$file" --skip "$skip"
