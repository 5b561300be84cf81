/**
 * `kubectl create secret generic|docker-registry|tls NAME` (create_secret.go,
 * create_secret_docker.go, create_secret_tls.go). Data values are base64 of the bytes, as Go
 * marshals []byte.
 */
import type { KubeObject } from '../../api/types';
import { goJSONOrdered } from './gojson';
import { secretHash } from './hash';
import { objectMeta, sortedMap } from './meta';
import { base64Utf8, parseLiteralSource, readEnvFile, readFileSource } from './sources';
import { GeneratorError, type GeneratorEnv } from './types';
import { isConfigMapKey } from '../../apimachinery/validation';

/** Secret data under construction: key → base64 value. */
class SecretData {
  readonly data: Record<string, string> = {};
  add(key: string, value: string): void {
    const errs = isConfigMapKey(key);
    if (errs.length > 0)
      throw new GeneratorError(`${JSON.stringify(key)} is not valid key name for a Secret ${errs.join(';')}`);
    if (key in this.data)
      throw new GeneratorError(`cannot add key ${key}, another key by that name already exists`);
    this.data[key] = base64Utf8(value);
  }
  addFiles(env: GeneratorEnv, sources: string[]): void {
    for (const source of sources)
      for (const { key, content } of readFileSource(env.fs, source)) this.add(key, content);
  }
}

function secretObject(
  name: string,
  type: string,
  data: Record<string, string>,
  appendHash: boolean,
  env: GeneratorEnv,
): KubeObject {
  const finalName = appendHash ? `${name}-${secretHash({ name, type, data })}` : name;
  const s: KubeObject = {
    kind: 'Secret',
    apiVersion: 'v1',
    metadata: objectMeta(finalName, env.enforcedNamespace),
  };
  if (Object.keys(data).length > 0) s.data = sortedMap(data);
  if (type) s.type = type;
  return s;
}

export interface SecretGenericOptions {
  name: string;
  type: string;
  fromFile: string[];
  fromLiteral: string[];
  fromEnvFile: string[];
  appendHash: boolean;
}

export function validateSecretGeneric(o: SecretGenericOptions): void {
  if (!o.name) throw new GeneratorError('name must be specified');
  if (o.fromEnvFile.length > 0 && (o.fromFile.length > 0 || o.fromLiteral.length > 0))
    throw new GeneratorError('from-env-file cannot be combined with from-file or from-literal');
}

export function generateSecretGeneric(o: SecretGenericOptions, env: GeneratorEnv): KubeObject {
  validateSecretGeneric(o);
  const d = new SecretData();
  // kubectl's order for secrets: literals, then files, then env files.
  for (const source of o.fromLiteral) {
    const [key, value] = parseLiteralSource(source);
    d.add(key, value);
  }
  d.addFiles(env, o.fromFile);
  for (const path of o.fromEnvFile)
    readEnvFile(env.fs, env.env, path, 'env secret file cannot be a directory', (k, v) => d.add(k, v));
  return secretObject(o.name, o.type, d.data, o.appendHash, env);
}

export interface SecretDockerRegistryOptions {
  name: string;
  fromFile: string[];
  username: string;
  password: string;
  email: string;
  /** Default `https://index.docker.io/v1/`. */
  server: string;
  appendHash: boolean;
}

export const DOCKER_DEFAULT_SERVER = 'https://index.docker.io/v1/';

export function validateSecretDockerRegistry(o: SecretDockerRegistryOptions): void {
  if (!o.name) throw new GeneratorError('name must be specified');
  if (o.fromFile.length === 0 && (!o.username || !o.password || !o.server))
    throw new GeneratorError(
      'either --from-file or the combination of --docker-username, --docker-password and --docker-server is required',
    );
}

export function generateSecretDockerRegistry(o: SecretDockerRegistryOptions, env: GeneratorEnv): KubeObject {
  validateSecretDockerRegistry(o);
  const d = new SecretData();
  if (o.fromFile.length > 0) {
    // A file without a key name becomes the .dockerconfigjson key.
    d.addFiles(
      env,
      o.fromFile.map((s) => (s.includes('=') ? s : `.dockerconfigjson=${s}`)),
    );
  } else {
    const entry: Record<string, string> = {};
    if (o.username) entry.username = o.username;
    if (o.password) entry.password = o.password;
    if (o.email) entry.email = o.email;
    entry.auth = base64Utf8(`${o.username}:${o.password}`);
    d.add('.dockerconfigjson', goJSONOrdered({ auths: { [o.server]: entry } }));
  }
  return secretObject(o.name, 'kubernetes.io/dockerconfigjson', d.data, o.appendHash, env);
}

export interface SecretTLSOptions {
  name: string;
  cert: string;
  key: string;
  appendHash: boolean;
}

export function validateSecretTLS(o: SecretTLSOptions): void {
  if (!o.name) throw new GeneratorError('name must be specified');
  if (!o.key || !o.cert) throw new GeneratorError('key and cert must be specified');
}

/** PEM block types in order of appearance. */
function pemTypes(text: string): string[] {
  return [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g)].map((m) => m[1]!);
}

/**
 * The checks of Go's tls.X509KeyPair that need no cryptography: a CERTIFICATE block in the cert,
 * a `... PRIVATE KEY` block in the key, with Go's messages. Whether the blocks parse and the key
 * matches the certificate is not simulated.
 */
function checkKeyPair(cert: string, key: string): void {
  const certTypes = pemTypes(cert);
  if (!certTypes.includes('CERTIFICATE')) {
    if (certTypes.length === 0)
      throw new GeneratorError('tls: failed to find any PEM data in certificate input');
    if (certTypes.length === 1 && certTypes[0]!.endsWith('PRIVATE KEY'))
      throw new GeneratorError(
        'tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched',
      );
    throw new GeneratorError(
      `tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [${certTypes.join(' ')}]`,
    );
  }
  const skipped: string[] = [];
  for (const t of pemTypes(key)) {
    if (t === 'PRIVATE KEY' || t.endsWith(' PRIVATE KEY')) return;
    skipped.push(t);
  }
  if (skipped.length === 0) throw new GeneratorError('tls: failed to find any PEM data in key input');
  if (skipped.length === 1 && skipped[0] === 'CERTIFICATE')
    throw new GeneratorError('tls: found a certificate rather than a key in the PEM for the private key');
  throw new GeneratorError(
    `tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [${skipped.join(' ')}]`,
  );
}

function readTLSFile(env: GeneratorEnv, path: string): string {
  const abs = env.fs.resolve(path);
  if (!env.fs.exists(abs))
    throw new GeneratorError(`Cannot read file ${path}, open ${path}: no such file or directory`);
  if (env.fs.isDir(abs)) throw new GeneratorError(`Cannot read file ${path}, read ${path}: is a directory`);
  return env.fs.readFile(abs) ?? '';
}

export function generateSecretTLS(o: SecretTLSOptions, env: GeneratorEnv): KubeObject {
  validateSecretTLS(o);
  const cert = readTLSFile(env, o.cert);
  const key = readTLSFile(env, o.key);
  checkKeyPair(cert, key);
  const d = new SecretData();
  d.add('tls.crt', cert);
  d.add('tls.key', key);
  return secretObject(o.name, 'kubernetes.io/tls', d.data, o.appendHash, env);
}
