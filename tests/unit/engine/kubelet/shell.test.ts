/** The container shells and tools: busybox ash + applets, Ubuntu bash + GNU tools, curl, nginx. */
import { beforeAll, describe, expect, it } from 'vitest';
import { kubeletCluster, secs, type KubeletTestCluster } from './helpers';
import { NGINX_WELCOME } from '../../../../src/engine/kubelet/images/nginx';

let c: KubeletTestCluster;

beforeAll(() => {
  c = kubeletCluster();
  c.call('POST', '/api/v1/namespaces/default/configmaps', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cfg' },
    data: { 'myconfig.txt': 'I am hungry.' },
  });
  c.createPod('bb', {
    containers: [
      {
        name: 'c',
        image: 'busybox:1.36.1',
        command: ['sleep', '3600'],
        env: [{ name: 'FOO', value: 'bar' }],
        volumeMounts: [{ name: 'cfg', mountPath: '/etc/config' }],
      },
    ],
    volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }],
  });
  c.createPod('ubuntu', {
    containers: [{ name: 'u', image: 'ubuntu:22.04', command: ['sleep', 'infinity'] }],
  });
  c.createPod('nginx', { containers: [{ name: 'nginx', image: 'nginx:1.25.3' }] });
  c.createPod('curl', {
    containers: [{ name: 'curl', image: 'curlimages/curl:8.4.0', command: ['sleep', '3600'] }],
  });
  c.until(() => ['bb', 'ubuntu', 'nginx', 'curl'].every((p) => c.row(p)[1] === 'Running'), secs(60));
});

function run(pod: string, argv: string[], ms = 100): { out: string; err: string; code: number | undefined } {
  const k = c.kubelets.get('kind-control-plane')!;
  const rec = k.recordFor('default', pod)!;
  const ctr = [...rec.instances.values()][0]![0]!;
  let out = '';
  let err = '';
  let code: number | undefined;
  const child = k.runtime.exec(ctr.id, argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  if ('error' in child) return { out, err: child.error, code: -1 };
  child.exited.subscribe((x) => (code = x));
  c.advance(ms);
  return { out, err, code };
}
const sh = (script: string, ms?: number) => run('bb', ['sh', '-c', script], ms);

describe('busybox sh', () => {
  it('variables, quoting, command substitution, arithmetic', () => {
    expect(sh('X="a  b"; echo $X "$X" \'$X\' ${FOO} $((2*21)) $(echo nested)').out).toBe(
      'a b a  b $X bar 42 nested\n',
    );
    expect(sh('echo ${UNSET:-default} ${FOO:+set}').out).toBe('default set\n');
  });

  it('&&, ||, pipes, redirections, $?', () => {
    expect(sh('false || echo ok && echo yes').out).toBe('ok\nyes\n');
    expect(sh('echo hello | tr a-z A-Z').out).toBe('HELLO\n');
    expect(sh('echo one > /tmp/f; echo two >> /tmp/f; cat /tmp/f; wc -l < /tmp/f').out).toBe(
      'one\ntwo\n      2\n',
    );
    expect(sh('ls /nope 2>&1; echo $?').out).toBe('ls: /nope: No such file or directory\n1\n');
  });

  it('if, for, while, case', () => {
    expect(sh('for i in 1 2 3; do echo n$i; done').out).toBe('n1\nn2\nn3\n');
    expect(sh('i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i').out).toBe('3\n');
    expect(sh('if [ -f /etc/passwd ]; then echo yes; else echo no; fi').out).toBe('yes\n');
    expect(sh('case abc in a*) echo A;; *) echo other;; esac').out).toBe('A\n');
  });

  it('sleep takes simulated time', () => {
    const r = sh('sleep 2; echo woke', 1000);
    expect(r.out).toBe('');
    c.advance(1100);
  });

  it('errors: not found (127), syntax errors', () => {
    const r = sh('nosuch');
    expect(r.err).toBe('sh: nosuch: not found\n');
    expect(r.code).toBe(127);
    expect(sh('if true; then').err).toBe('sh: syntax error: unexpected end of file (expecting "fi")\n');
    expect(sh('echo ok; done').err).toBe('sh: syntax error: unexpected "done"\n');
  });

  it('env, hostname, ps, id, ConfigMap volume files (read-only)', () => {
    expect(sh('env').out).toMatch(
      /^PATH=\/usr\/local\/sbin:.*\nHOSTNAME=bb\nFOO=bar\nKUBERNETES_SERVICE_HOST=10\.96\.0\.1\n/,
    );
    expect(sh('hostname').out).toBe('bb\n');
    expect(run('bb', ['ps']).out).toMatch(/^PID {3}USER {5}TIME {2}COMMAND\n {4}1 root {6}0:00 sleep 3600\n/);
    expect(sh('id').out).toBe('uid=0(root) gid=0(root) groups=0(root)\n');
    expect(sh('cat /etc/config/myconfig.txt').out).toBe('I am hungry.');
    expect(sh('ls /etc/config').out).toBe('myconfig.txt\n');
    expect(sh('ls -a /etc/config').out).toMatch(
      /^\.\n\.\.\n\.\.2026_01_01_\d\d_\d\d_\d\d\.\d{9}\n\.\.data\nmyconfig\.txt\n$/,
    );
    expect(sh('echo x > /etc/config/new').err).toBe(
      "sh: can't create /etc/config/new: Read-only file system\n",
    );
    expect(sh('cat /etc/hosts').out).toMatch(
      /# Kubernetes-managed hosts file\.\n127\.0\.0\.1\tlocalhost\n[\s\S]*10\.244\.0\.\d+\tbb\n$/,
    );
    expect(sh('cat /etc/resolv.conf').out).toBe(
      'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
    );
  });

  it('wget to a pod IP; an unknown name is a bad address', () => {
    const ip = c.pod('nginx')!.status!.podIP!;
    expect(sh(`wget -q -O- http://${ip}`).out).toBe(NGINX_WELCOME);
    const r = sh(`wget -q -O- http://${ip}:8080/`);
    expect(r.err).toBe(`wget: can't connect to remote host (${ip}): Connection refused\n`);
    expect(r.code).toBe(1);
    const d = sh('wget -q -O- http://hello-server-service:8080');
    expect(d.err.split('\n')[0]).toBe("wget: bad address 'hello-server-service'");
    expect(d.code).toBe(1);
  });
});

describe('ubuntu bash and GNU tools', () => {
  it('messages of bash and coreutils; no ps, curl or wget in the base image', () => {
    expect(run('ubuntu', ['bash', '-c', 'nosuch']).err).toBe('bash: line 1: nosuch: command not found\n');
    expect(run('ubuntu', ['cat', '/nope']).err).toBe('cat: /nope: No such file or directory\n');
    expect(run('ubuntu', ['ls', '/nope']).err).toBe("ls: cannot access '/nope': No such file or directory\n");
    expect(run('ubuntu', ['ps']).err).toBe(
      'OCI runtime exec failed: exec failed: unable to start container process: exec: "ps": executable file not found in $PATH: unknown',
    );
    expect(run('ubuntu', ['date']).out).toMatch(
      /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) Jan {2}1 00:0\d:\d\d UTC 2026\n$/,
    );
    expect(run('ubuntu', ['cat', '/etc/os-release']).out).toContain('PRETTY_NAME="Ubuntu 22.04.5 LTS"');
  });
});

describe('nginx', () => {
  it('entrypoint logs, notices on stderr, access log lines with the client and user agent', () => {
    const ip = c.pod('nginx')!.status!.podIP!;
    run('curl', ['curl', '-s', `http://${ip}/`]);
    run('curl', ['curl', '-s', `http://${ip}/missing`]);
    const log = c.call<string>('GET', '/api/v1/namespaces/default/pods/nginx/log');
    const lines = log.split('\n');
    expect(lines[0]).toBe(
      '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
    );
    expect(lines).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up');
    expect(log).toMatch(/\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[notice\] 1#1: nginx\/1\.25\.3\n/);
    expect(log).toMatch(/\[notice\] 1#1: start worker process 29\n/);
    expect(log).toMatch(
      /10\.244\.0\.\d+ - - \[01\/Jan\/2026:00:0\d:\d\d \+0000\] "GET \/ HTTP\/1\.1" 200 615 "-" "curl\/8\.4\.0" "-"\n/,
    );
    expect(log).toMatch(/"GET \/missing HTTP\/1\.1" 404 153 "-" "curl\/8\.4\.0" "-"/);
    expect(NGINX_WELCOME.length).toBe(615);
  });
});

describe('curl', () => {
  it('bodies, -v, errors and exit codes', () => {
    const ip = c.pod('nginx')!.status!.podIP!;
    expect(run('curl', ['curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', `http://${ip}/`]).out).toBe(
      '200',
    );
    const refused = run('curl', ['curl', `http://${ip}:8081/`]);
    expect(refused.err).toMatch(
      new RegExp(
        `^curl: \\(7\\) Failed to connect to ${ip.replace(/\./g, '\\.')} port 8081 after \\d+ ms: Couldn't connect to server\\n$`,
      ),
    );
    expect(refused.code).toBe(7);
    const nohost = run('curl', ['curl', 'http://hello-server-service:8080/']);
    expect(nohost.err.split('\n')[0]).toBe('curl: (6) Could not resolve host: hello-server-service');
    expect(run('curl', ['curl', '-f', '-s', '-S', `http://${ip}/x`]).err).toBe(
      'curl: (22) The requested URL returned error: 404\n',
    );
    expect(run('curl', ['curl']).err).toBe(
      "curl: try 'curl --help' or 'curl --manual' for more information\n",
    );
    expect(run('curl', ['id']).out).toBe('uid=100(curl_user) gid=101(101) groups=101(101)\n');
  });
});
