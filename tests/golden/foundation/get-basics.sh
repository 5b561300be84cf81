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
