# Chapter 6's DNS check: a throwaway busybox pod running nslookup, removed when it exits.
kubectl create deployment hello-server --image=blux2/hello-server:1.0 --replicas=3 --port=8080
kubectl expose deployment hello-server --port=8080 --name=hello-server-service
kubectl create service clusterip hello-headless --clusterip=None --tcp=8080:8080
kubectl patch svc hello-headless -p '{"spec":{"selector":{"app":"hello-server"}}}'
kubectl create service externalname search --external-name=www.google.com
sleep 30
kubectl get svc
kubectl run busybox --image=busybox:1.36.1 --rm -it --restart=Never --command -- nslookup hello-server-service
kubectl run busybox --image=busybox:1.36.1 --rm -it --restart=Never --command -- nslookup kubernetes.default
kubectl run busybox --image=busybox:1.36.1 --rm -it --restart=Never --command -- nslookup google.com
kubectl run busybox --image=busybox:1.36.1 --rm -it --restart=Never --command -- nslookup hello-headless
kubectl run busybox --image=busybox:1.36.1 --rm -it --restart=Never --command -- nslookup search
kubectl run busybox --image=busybox:1.36.1 --rm -it --restart=Never --command -- nslookup no-such-service
kubectl get pods
