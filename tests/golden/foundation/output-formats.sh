kubectl create configmap app-config --from-literal=color=blue --from-literal=size=10
kubectl get configmap app-config -o yaml
kubectl get configmap app-config -o json
kubectl get configmap app-config -o name
kubectl get cm -o name
kubectl get configmap app-config -o jsonpath='{.data.color}'
echo
kubectl get configmap app-config -o jsonpath='{.metadata.name}{"\t"}{.data.size}{"\n"}'
kubectl get nodes -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.status.nodeInfo.kubeletVersion}{"\n"}{end}'
kubectl get pods -n kube-system -o jsonpath='{.items[*].metadata.name}'
echo
kubectl get pods -n kube-system -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName
kubectl get cm app-config -o custom-columns='KEY-COLOR:.data.color,MISSING:.data.nothing'
kubectl get configmap app-config -o wide
kubectl get cm app-config -o foo
