# The kind preset: one node, the control plane's pods in kube-system.
kubectl get nodes
kubectl get nodes -o wide
kubectl get namespaces
kubectl get pods
kubectl get pods -n kube-system
kubectl get pods --namespace=kube-system --no-headers
kubectl get pods -A
kubectl get services -A
kubectl get nodes --show-labels
kubectl get serviceaccounts
kubectl get configmaps -n default
kubectl get deploy,rs -n kube-system
kubectl describe node kind-control-plane
kubectl describe namespace default
kubectl describe configmap kube-root-ca.crt
kubectl describe serviceaccount default
kubectl get events -A
kubectl get events -n kube-system --field-selector reason=Scheduled
