kubectl create namespace shop
kubectl create configmap catalog --from-literal=items=3 -n shop
kubectl create deployment web --image=nginx:1.25.3 -n shop
kubectl get cm,deploy -n shop
kubectl delete namespace shop --wait=false
kubectl get namespace shop
kubectl create configmap late --from-literal=a=1 -n shop
kubectl wait --for=delete namespace/shop --timeout=120s
kubectl get namespace shop
kubectl get cm -n shop
kubectl get ns
