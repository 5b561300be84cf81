# Book §4 #2: a rolling update to a tag that does not exist (hello-server:1.3); the old pods keep serving.
kubectl create deployment hello-server --image=blux2/hello-server:1.0 --replicas=3 --port=8080
sleep 30
kubectl set image deployment/hello-server hello-server=blux2/hello-server:1.3
sleep 60
kubectl get deployment hello-server
kubectl get pods
kubectl logs deploy/hello-server
kubectl set image deployment/hello-server hello-server=blux2/hello-server:1.2
kubectl rollout status deployment/hello-server --timeout=120s
kubectl get pods
