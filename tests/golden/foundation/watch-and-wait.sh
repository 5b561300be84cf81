kubectl create namespace temp
kubectl delete namespace temp --wait=false
timeout 15 kubectl get namespaces -w
echo "exit code $?"
kubectl create configmap w --from-literal=a=1
kubectl wait --for=jsonpath='{.data.a}'=1 configmap/w
kubectl wait --for=delete configmap/w --timeout=5s
echo "exit code $?"
kubectl delete configmap w
kubectl get configmaps -v=6
