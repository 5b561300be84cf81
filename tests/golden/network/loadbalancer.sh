# breakfix: --cluster network/clusters/metallb.yaml
# With a load-balancer controller (MetalLB layer 2): each LoadBalancer Service gets an address of
# the pool, reachable inside the cluster (the kind network is not routed to a Docker Desktop host);
# when the pool is exhausted the next one stays <pending> until an address comes free.
kubectl create deployment hello-server --image=blux2/hello-server:1.0 --port=8080
kubectl expose deployment hello-server --type=LoadBalancer --port=8080
kubectl create service loadbalancer second --tcp=80:8080
kubectl create service loadbalancer third --tcp=80:8080
kubectl run client --image=curlimages/curl:8.4.0 --restart=Never --command -- sleep 3600
sleep 30
kubectl get svc
kubectl describe svc hello-server
kubectl exec client -- curl -s 172.18.255.200:8080; echo
curl -sS -m 3 172.18.255.200:8080; echo "exit=$?"
kubectl delete svc second
sleep 1
kubectl get svc third
kubectl describe svc third
kubectl get events --field-selector involvedObject.name=third
