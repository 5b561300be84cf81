# curl on the learner's machine: only localhost is reachable (port-forward, kind's port mappings);
# flags and curl's own error texts and exit codes.
kubectl create deployment hello-server --image=blux2/hello-server:1.8 --port=8080
sleep 20
curl localhost:5555; echo "exit=$?"
curl -s localhost:5555; echo "exit=$?"
curl -sS localhost:5555; echo "exit=$?"
kubectl port-forward deployment/hello-server 5555:8080
# tab 2
curl localhost:5555; echo
curl -s -o page.txt localhost:5555; echo "exit=$?"
cat page.txt; echo
curl -i localhost:5555/health; echo
curl -I localhost:5555
curl -s localhost:5555/nothing-here; echo " exit=$?"
curl -sf localhost:5555/nothing-here; echo "exit=$?"
curl -f localhost:5555/nothing-here; echo "exit=$?"
curl -s -o /dev/null -w '%{http_code}\n' localhost:5555/health
curl -v localhost:5555/health; echo
curl -X POST -d 'x=1' -s localhost:5555/health; echo
curl hello-server:8080; echo "exit=$?"
curl -sS 10.96.0.1:443; echo "exit=$?"
curl -sS --connect-timeout 2 10.244.0.5:8080; echo "exit=$?"
curl -m 1 10.96.0.10:53; echo "exit=$?"
