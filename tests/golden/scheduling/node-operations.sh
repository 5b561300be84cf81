# breakfix: --cluster multinode
# Node operations: cordon/uncordon keep new pods off a node, taint effects, NoExecute eviction.
kubectl cordon kind-multinode-worker
kubectl cordon kind-multinode-worker
kubectl describe node kind-multinode-worker | grep -A1 Taints
kubectl get nodes
cat <<'YAML' > web.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.25.3
YAML
kubectl apply -f web.yaml
sleep 10
kubectl get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName
kubectl uncordon kind-multinode-worker
kubectl uncordon kind-multinode-worker
kubectl drain kind-multinode-worker2
kubectl taint nodes kind-multinode-worker2 maintenance=true:NoSchedule
kubectl taint nodes kind-multinode-worker2 maintenance=true:NoSchedule
kubectl taint nodes kind-multinode-worker2 maintenance=now:NoSchedule --overwrite
kubectl taint nodes kind-multinode-worker2 maintenance=true:Sometimes
kubectl get node kind-multinode-worker2 -o jsonpath='{.spec.taints}{"\n"}'
# NoExecute evicts the pods that do not tolerate it; the Deployment recreates them elsewhere.
kubectl taint nodes kind-multinode-worker2 evict=yes:NoExecute
sleep 10
kubectl get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName
kubectl get events --field-selector reason=TaintManagerEviction -o custom-columns=REASON:.reason,FROM:.source.component,MESSAGE:.message
kubectl taint nodes kind-multinode-worker2 maintenance- evict-
kubectl describe node kind-multinode-worker2 | grep Taints
