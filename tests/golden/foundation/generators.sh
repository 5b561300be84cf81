# Client-side generators print exactly what kubectl v1.32 prints.
kubectl create deployment x --image=nginx --replicas=3 --dry-run=client -o yaml
kubectl create deployment web --image=nginx:1.25 --port=80 --dry-run=client -o yaml
kubectl create deployment multi --image=nginx --image=redis --dry-run=client -o yaml
kubectl create service clusterip my-svc --tcp=80:8080 --dry-run=client -o yaml
kubectl create service clusterip headless --clusterip=None --dry-run=client -o yaml
kubectl create service nodeport my-np --tcp=80:8080 --node-port=30080 --dry-run=client -o yaml
kubectl create service loadbalancer my-lb --tcp=80:8080 --dry-run=client -o yaml
kubectl create service externalname my-ext --external-name=example.com --dry-run=client -o yaml
kubectl create configmap my-cm --from-literal=key1=value1 --from-literal=key2=value2 --dry-run=client -o yaml
kubectl create secret generic my-secret --from-literal=username=admin --from-literal=password=s3cr3t --dry-run=client -o yaml
kubectl create namespace dev --dry-run=client -o yaml
kubectl create serviceaccount sa1 --dry-run=client -o yaml
kubectl create priorityclass high --value=1000 --description='high prio' --dry-run=client -o yaml
kubectl create poddisruptionbudget my-pdb --selector=app=web --min-available=1 --dry-run=client -o yaml
kubectl create poddisruptionbudget my-pdb2 --selector=app=web --max-unavailable=25% --dry-run=client -o yaml
kubectl create job my-job --image=busybox --dry-run=client -o yaml -- echo hello
kubectl create cronjob my-cj --image=busybox --schedule="*/5 * * * *" --dry-run=client -o yaml -- echo hello
kubectl create deployment web --image=nginx --replicas=2 --dry-run=client -o json
