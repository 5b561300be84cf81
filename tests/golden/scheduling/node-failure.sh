# breakfix: --cluster multinode
# Node failure: a worker's kubelet stops (its containers keep running). The node lifecycle
# controller notices that the node's Lease no longer moves: after the grace period (50 s) the
# node is NotReady, its conditions Unknown and it is tainted unreachable. 300 s later the
# taint-eviction controller evicts its pods: they stay Terminating, as no kubelet confirms,
# and the ReplicaSet replaces them on the other worker. The kubelet comes back: all is undone.
kubectl create deployment web --image=nginx:1.25.3 --replicas=3
kubectl rollout status deployment/web
kubectl get pods -o wide
breakfix fault stop-kubelet kind-multinode-worker9
breakfix fault stop-kubelet kind-multinode-worker
sleep 40
kubectl get nodes
sleep 25
kubectl get nodes
kubectl describe node kind-multinode-worker | grep -A1 Taints
kubectl describe node kind-multinode-worker | grep -A6 Conditions
kubectl get pods -o custom-columns='NAME:.metadata.name,NODE:.spec.nodeName,READY:.status.conditions[?(@.type=="Ready")].status'
kubectl get events --field-selector reason=NodeNotReady -o custom-columns=TYPE:.type,OBJECT:.involvedObject.name,FROM:.source.component,MESSAGE:.message
kubectl get pods -o wide
sleep 300
kubectl get pods -o wide
kubectl get deployment web
kubectl get events --field-selector reason=TaintManagerEviction -o custom-columns=OBJECT:.involvedObject.name,MESSAGE:.message
sleep 120
kubectl get pods -o wide
breakfix fault start-kubelet kind-multinode-worker
sleep 15
kubectl get nodes
kubectl describe node kind-multinode-worker | grep -A1 Taints
kubectl get pods -o wide
