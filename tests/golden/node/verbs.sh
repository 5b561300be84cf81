# logs, exec, run, debug and top against running pods.
kubectl create deployment web --image=nginx:1.25.3 --replicas=2
kubectl run hello --image=blux2/hello-server:1.0 --port=8080 --labels=app=hello --expose
sleep 30
kubectl get pods,svc
kubectl logs deploy/web --tail=2
kubectl logs hello --timestamps
kubectl logs -l app=web --prefix --tail=1
kubectl logs nosuch
kubectl logs hello -c nosuch
kubectl logs hello --previous
kubectl exec deploy/web -- sh -c 'echo $HOSTNAME; cat /etc/resolv.conf'
kubectl exec deploy/web -- sh -c 'exit 3'
echo $?
kubectl exec hello -- sh
kubectl exec hello ls
kubectl exec -i deploy/web -- sh <<INPUT
echo hello from stdin
INPUT
kubectl run busybox --image=busybox:1.36.1 --rm -it --restart=Never --command -- nslookup kubernetes.default
echo $?
kubectl run busybox --image=busybox:1.36.1 --rm -it --restart=Never --command -- nslookup hello.default.svc.cluster.local
kubectl run curl --image=curlimages/curl:8.4.0 --rm -i --restart=Never --command -- curl -s hello:8080
kubectl run pi --image=busybox:1.36.1 --restart=Never --dry-run=client -o yaml --env=A=1 -- sh -c 'echo 3.14'
kubectl debug hello -it --image=curlimages/curl:8.4.0 --target=hello -- curl -s localhost:8080
kubectl get pod hello -o jsonpath='{.spec.ephemeralContainers[0].name}{" "}{.spec.ephemeralContainers[0].targetContainerName}'
echo
kubectl top pod
kubectl top node
kubectl get pods
