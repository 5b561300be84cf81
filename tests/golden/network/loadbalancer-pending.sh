# On plain kind nothing implements LoadBalancer: EXTERNAL-IP stays <pending> (a NodePort is still allocated).
kubectl create deployment hello-server --image=blux2/hello-server:1.0 --port=8080
kubectl expose deployment hello-server --type=LoadBalancer --port=8080
sleep 60
kubectl get svc hello-server
kubectl describe svc hello-server
kubectl get svc hello-server -o jsonpath='{.status}'; echo
