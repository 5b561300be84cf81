kubectl create deployment hello-server --image=blux2/hello-server:1.0 --port=8080
sleep 20
kubectl port-forward deployment/hello-server 5555:8080
# tab 2
curl localhost:5555
curl -s localhost:5556; echo " exit=$?"
# tab 1
kubectl port-forward deployment/hello-server 5556:9090
# tab 2
curl localhost:5556
# tab 1
kubectl get pods
