# kubectl exec -it: a learner's keystrokes reach a shell in the container.
# Lines `> TEXT` are typed into the command above them (see src/cli/transcript.ts).
kubectl create deployment web --image=nginx:1.25.3
kubectl run bb --image=busybox:1.36.1 -- sleep 3600
kubectl run hello --image=blux2/hello-server:1.0
kubectl wait --for=condition=Ready pod --all --timeout=60s
# busybox: ash's prompt is the working directory and # for root
kubectl exec -it bb -- sh
> ls /
> cd /etc
> cat hostname
> echo $HOSTNAME $TERM
> env | grep KUBERNETES_SERVICE | sort
> false
> echo $?
> ^C
> sleep 100
> ^C
> echo $?
> exit 3
echo $?
# Ctrl-D ends the shell (ash ends the prompt line)
kubectl exec -it bb -- sh
> pwd
> ^D
echo $?
# -i without -t: no prompt, no remote echo; the terminal shows what was typed
kubectl exec -i bb -- sh
> echo no tty here
> ls /tmp
# nginx is Debian: dash as sh (prompt `# `), bash with its own prompt
kubectl exec -it deploy/web -- sh
> ls -1 /usr/share/nginx/html
> head -4 /usr/share/nginx/html/index.html
> exit
kubectl exec -it deploy/web -- bash
> cd /usr/share/nginx/html
> echo $PWD
> exit 1
echo $?
# -t without -i is dropped silently; -it with a pipe on stdin cannot have a TTY
kubectl exec -t bb -- echo hi
echo 'echo piped; exit 2' | kubectl exec -it bb -- sh
echo $?
# an image without a shell
kubectl exec -it hello -- sh
>
