#!/bin/sh
# generate, every mode on every example machine, against reviewed files.
exec sh "$(dirname "$0")/../golden.sh" "$OC_LEAPP"
