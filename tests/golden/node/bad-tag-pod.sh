# Book §4 #1: a pod whose image tag does not exist (hello-server:1.1), fixed by going back to 1.0.
cat > myapp.yaml <<YAML
apiVersion: v1
kind: Pod
metadata:
  name: myapp
  labels:
    app: myapp
spec:
  containers:
  - name: hello-server
    image: blux2/hello-server:1.1
    ports:
    - containerPort: 8080
YAML
kubectl apply -f myapp.yaml
sleep 5
kubectl get pod myapp
sleep 30
kubectl get pod myapp
kubectl describe pod myapp
kubectl logs myapp
kubectl set image pod/myapp hello-server=blux2/hello-server:1.0
sleep 40
kubectl get pod myapp
kubectl logs myapp
