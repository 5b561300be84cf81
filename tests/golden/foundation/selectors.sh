kubectl create configmap web-prod --from-literal=a=1
kubectl create configmap web-dev --from-literal=a=1
kubectl create configmap db-prod --from-literal=a=1
kubectl label configmap web-prod app=web env=prod
kubectl label configmap web-dev app=web env=dev
kubectl label configmap db-prod app=db env=prod tier=backend
kubectl get cm -l app=web
kubectl get cm -l env=prod,app=db --show-labels
kubectl get cm -l 'env in (dev,staging)'
kubectl get cm -l 'env notin (dev)' -o name
kubectl get cm -l '!tier' -o name
kubectl get cm -l tier -o name
kubectl get cm -l env!=prod -o name
kubectl get cm -l app=nothing
kubectl get cm -l 'app in (web' 
kubectl get cm --field-selector metadata.name=db-prod
kubectl get cm --field-selector metadata.name!=db-prod -l app -o name
kubectl get cm -L env,app
