kubectl config current-context
kubectl config get-contexts
kubectl config view
kubectl config set-context --current --namespace=kube-system
kubectl get pods -o name
kubectl config set-context --current --namespace=default
kubectl version
kubectl version --client
kubectl cluster-info
kubectl api-resources
kubectl api-resources --namespaced=false -o name
kubectl explain deployment.spec.replicas
kubectl explain pod.spec.containers.image
