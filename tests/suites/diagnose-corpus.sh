#!/bin/sh
# diagnose against real failure reports and held-back wordings: every case
# of tests/fixtures/diagnose/corpus/ (61 public reports, labelled from
# their resolutions) and tests/fixtures/diagnose/heldout/ (one wording of
# each failure family the rules were not tuned on) must name its root
# cause; tests/corpus.sh scores them and checks that it can fail.
set -eu
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
FX=$TOP/tests/fixtures/diagnose
export TOP OC_LEAPP="${OC_LEAPP:-$TOP/build/san/oc-leapp}" CORPUS="$FX/corpus"
exec sh "$TOP/tests/corpus.sh" --suite "$FX"/corpus/[0-9]*/ "$FX"/heldout/[0-9]*/
