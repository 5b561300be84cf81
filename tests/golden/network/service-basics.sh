kubectl create deployment hello-server --image=blux2/hello-server:1.0 --replicas=3 --port=8080
kubectl expose deployment hello-server --port=8080 --name=hello-server-service
kubectl expose deployment hello-server --port=8080 --name=hello-server-external --type=NodePort --dry-run=client -o yaml
sleep 30
kubectl get svc
kubectl get endpoints hello-server-service
kubectl get endpointslices -l kubernetes.io/service-name=hello-server-service
kubectl describe svc hello-server-service
kubectl create service nodeport hello-server-external --tcp=8080:8080 --node-port=30599
kubectl create service nodeport clash --tcp=80:8080 --node-port=30599
kubectl get svc hello-server-external
curl -s localhost:30599
kubectl get endpoints hello-server-external
