#!/bin/sh
# Captures the help of the workload verbs from a real kubectl v1.32 into help.kubectl.json
# (run from the repository root: sh tests/unit/kubectl/workloads/capture-help.sh).
set -e
out=tests/unit/kubectl/workloads/help.kubectl.json
python3 - "$out" <<'PY'
import json, subprocess, sys
verbs = ["scale", "autoscale", "rollout", "rollout status", "rollout history", "rollout undo",
         "rollout pause", "rollout resume", "rollout restart", "set", "set image", "set env",
         "set resources"]
res = {}
for v in verbs:
    p = subprocess.run(["kubectl", *v.split(), "--help"], capture_output=True, text=True,
                       env={"KUBECONFIG": "/dev/null", "PATH": "/usr/local/bin:/usr/bin:/bin"})
    res[v] = p.stdout
json.dump(res, open(sys.argv[1], "w"), indent=1)
PY
