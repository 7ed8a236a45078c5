/* kubectl's connection flags (--kubeconfig, --context, -n ...) as an option
 * group any command can add to its own. */
#ifndef OC_KUBEFLAGS_H
#define OC_KUBEFLAGS_H
#include "diag/kube/kube.h"
#include "cmd/options.h"

extern const struct opt kube_opts_table[];
#define KUBE_OPTS_TITLE "Kubeconfig options"

#endif
