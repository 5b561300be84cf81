# breakfix: --cluster kind-nodeport
# Chapter 6, scenario 3: a typo in the NodePort Service's selector leaves it without endpoints.
# Everything looks healthy except the endpoints; the pod answers on its IP, the Service does not.
# (kubectl v1.32's describe reads EndpointSlices: the controller's empty placeholder slice makes
# it print an empty `Endpoints:` where the book's v1.29 printed `<none>`; get endpoints still does.)
cat <<EOF > deployment-hello-server.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello-server
  labels:
    app: hello-server
spec:
  replicas: 3
  selector:
    matchLabels:
      app: hello-server
  template:
    metadata:
      labels:
        app: hello-server
    spec:
      containers:
      - name: hello-server
        image: blux2/hello-server:1.0
        ports:
        - containerPort: 8080
EOF
cat <<EOF > service-nodeport.yaml
apiVersion: v1
kind: Service
metadata:
  name: hello-server-external
spec:
  type: NodePort
  selector:
    app: hello-server
  ports:
  - port: 8080
    targetPort: 8080
    nodePort: 30599
EOF
sed 's/app: hello-server$/app: hello-serve/' service-nodeport.yaml > service-destruction.yaml
kubectl apply -f deployment-hello-server.yaml
kubectl apply -f service-nodeport.yaml
sleep 30
curl localhost:30599
kubectl get nodes
kubectl apply -f service-destruction.yaml
sleep 5
curl localhost:30599; echo " exit=$?"
kubectl get pods
kubectl get deploy
kubectl get svc hello-server-external
kubectl describe svc hello-server-external
kubectl get pods -o wide
kubectl get endpoints hello-server-external
kubectl get endpointslices -l kubernetes.io/service-name=hello-server-external
POD=$(kubectl get pods -l app=hello-server -o jsonpath='{.items[0].metadata.name}')
POD_IP=$(kubectl get pod $POD -o jsonpath='{.status.podIP}')
CLUSTER_IP=$(kubectl get svc hello-server-external -o jsonpath='{.spec.clusterIP}')
# hello-server's image has no shell: an ephemeral curl container in the pod. Without -i the
# command runs detached and its output is in the debug container's log.
kubectl debug $POD --image=curlimages/curl:8.4.0 --target=hello-server -c curl-service -- curl -sS $CLUSTER_IP:8080
kubectl debug $POD --image=curlimages/curl:8.4.0 --target=hello-server -c curl-pod -- curl -sS $POD_IP:8080
sleep 5
kubectl logs $POD -c curl-service
kubectl logs $POD -c curl-pod
kubectl diff -f service-nodeport.yaml; echo "diff exit=$?"
kubectl apply -f service-nodeport.yaml
sleep 2
kubectl get endpoints hello-server-external
curl localhost:30599
