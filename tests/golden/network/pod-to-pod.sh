# Pod-to-pod traffic: by pod IP, by Service name, by FQDN, and a short name from another
# namespace (the search list only covers the client's own namespace).
kubectl create deployment hello-server --image=blux2/hello-server:1.0 --replicas=2 --port=8080
kubectl expose deployment hello-server --port=8080 --name=hello-server-service
kubectl create namespace other
kubectl run client --image=curlimages/curl:8.4.0 --restart=Never --command -- sleep 3600
kubectl run client -n other --image=curlimages/curl:8.4.0 --restart=Never --command -- sleep 3600
sleep 30
kubectl get pods -o wide
POD_IP=$(kubectl get pods -l app=hello-server -o jsonpath='{.items[0].status.podIP}')
kubectl exec client -- curl -s $POD_IP:8080; echo
kubectl exec client -- curl -s hello-server-service:8080; echo
kubectl exec client -- curl -s hello-server-service.default.svc.cluster.local:8080; echo
kubectl exec client -- cat /etc/resolv.conf
kubectl exec client -- env | grep HELLO_SERVER_SERVICE | sort
kubectl exec -n other client -- curl -sS hello-server-service:8080; echo "exit=$?"
kubectl exec -n other client -- curl -s hello-server-service.default:8080; echo
kubectl exec client -- curl -sS hello-server-service:9090; echo "exit=$?"
kubectl exec client -- curl -sS $POD_IP:9090; echo "exit=$?"
kubectl exec client -- curl -sI hello-server-service:8080
kubectl exec client -- curl -sv hello-server-service:8080
